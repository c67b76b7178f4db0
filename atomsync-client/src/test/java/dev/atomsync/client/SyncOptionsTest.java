package dev.atomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Codec;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncOptionsTest {
  private static final URI SERVER = URI.create("http://localhost:8090/sync");

  @Test
  void server_hasDefaults() {
    SyncOptions options = SyncOptions.server(SERVER);

    assertThat(options.server()).isEqualTo(SERVER);
    assertThat(options.token()).isNull();
    assertThat(options.pullInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.pushDebounce()).isEqualTo(SyncOptions.DEFAULT_PUSH_DEBOUNCE);
    assertThat(options.conflictStrategy()).isEqualTo(ConflictStrategy.serverWins());
    assertThat(options.codec()).isNull();
    assertThat(options.isLocalOnly()).isFalse();
  }

  @Test
  void localOnly_hasNoServer() {
    assertThat(SyncOptions.localOnly().server()).isNull();
    assertThat(SyncOptions.localOnly().isLocalOnly()).isTrue();
  }

  @Test
  void settings_returnCopiesAndLeaveTheOriginal() {
    Codec codec = Codec.builder().build();
    MergeFunction keepLocal = (base, local, remote) -> local;
    SyncOptions base = SyncOptions.server(SERVER);

    SyncOptions options = base.token("abc123")
        .pullInterval(Duration.ofSeconds(30))
        .pushDebounce(Duration.ZERO)
        .conflictStrategy(ConflictStrategy.merge(keepLocal))
        .codec(codec);

    assertThat(base).isEqualTo(SyncOptions.server(SERVER));
    assertThat(options.token()).isEqualTo("abc123");
    assertThat(options.pullInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.pushDebounce()).isZero();
    assertThat(options.conflictStrategy()).isEqualTo(ConflictStrategy.merge(keepLocal));
    assertThat(options.codec()).isSameAs(codec);
  }

  @Test
  void equalSettings_makeEqualOptions() {
    SyncOptions a = SyncOptions.server(SERVER).token("t").conflictStrategy(ConflictStrategy.clientWins());
    SyncOptions b = SyncOptions.server(SERVER).token("t").conflictStrategy(ConflictStrategy.clientWins());

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(b.token("u"));
    assertThat(a.codec(Codec.standard())).isNotEqualTo(a.codec(Codec.builder().build()));
  }

  @Test
  void toString_masksToken() {
    assertThat(SyncOptions.server(SERVER).token("secret-token").toString())
        .contains("***")
        .doesNotContain("secret-token");
  }

  @Test
  void badSettings_failNamingTheRule() {
    assertThatThrownBy(() -> SyncOptions.server(URI.create("/sync")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute http or https URI")
        .hasMessageContaining("/sync");
    assertThatThrownBy(() -> SyncOptions.server(URI.create("ftp://host/sync")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyncOptions.server(SERVER).token(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
    assertThatThrownBy(() -> SyncOptions.server(SERVER).token("a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyncOptions.localOnly().token("abc"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("local-only");
    assertThatThrownBy(() -> SyncOptions.server(SERVER).pullInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pull interval must be positive: PT0S");
    assertThatThrownBy(() -> SyncOptions.server(SERVER).pushDebounce(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("push debounce must not be negative");
  }

  @Test
  void backoff_defaultsAndCopies() {
    SyncOptions options = SyncOptions.server(SERVER);
    assertThat(options.minBackoff()).isEqualTo(SyncOptions.DEFAULT_MIN_BACKOFF);
    assertThat(options.maxBackoff()).isEqualTo(SyncOptions.DEFAULT_MAX_BACKOFF);

    SyncOptions fast = options.backoff(Duration.ofMillis(5), Duration.ofMillis(50));
    assertThat(fast.minBackoff()).isEqualTo(Duration.ofMillis(5));
    assertThat(fast.maxBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(fast).isNotEqualTo(options);
  }

  @Test
  void backoff_rejectsNonPositiveMinAndMaxBelowMin() {
    SyncOptions options = SyncOptions.server(SERVER);
    assertThatThrownBy(() -> options.backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < min <= max");
    assertThatThrownBy(() -> options.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max PT1S");
  }

  @Test
  void httpClient_comparesByIdentity() {
    try (java.net.http.HttpClient one = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpClient two = java.net.http.HttpClient.newHttpClient()) {
      SyncOptions options = SyncOptions.server(SERVER).httpClient(one);

      assertThat(options.httpClient()).isSameAs(one);
      assertThat(options).isEqualTo(SyncOptions.server(SERVER).httpClient(one));
      assertThat(options).isNotEqualTo(SyncOptions.server(SERVER).httpClient(two));
      assertThat(SyncOptions.server(SERVER).httpClient()).isNull();
    }
  }

  @Test
  void requestTimeout_defaultsTo30SecondsAndMustBePositive() {
    SyncOptions options = SyncOptions.server(SERVER);
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.requestTimeout(Duration.ofMillis(500)).requestTimeout())
        .isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> options.requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request timeout must be positive: PT0S");
  }
}
