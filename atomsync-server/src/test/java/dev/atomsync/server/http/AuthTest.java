package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.Users;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import dev.atomsync.server.testing.Wire;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bearer tokens over HTTP: both token forms, the scheme, and where tokens are not accepted. */
class AuthTest {
  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    String bobHash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("bob-secret".getBytes(StandardCharsets.UTF_8)));
    String users =
        """
        {"users": {
          "alice": {"token": "alice-token", "groups": ["todo", "settings"]},
          "bob": {"token-sha256": "%s", "groups": ["todo"], "read": ["news"], "write": ["inbox"]}
        }}
        """
            .formatted(bobHash);
    server = TestServer.start(dir.resolve("sync.db"), b -> b.users(Users.parse(users)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void plainToken_pushesAndPulls() {
    TransitHttp alice = server.http("alice-token");

    assertThat(field(alice.pushOne("todo", put("todo:1", "x", 0)), "status")).isEqualTo(kw("ok"));
    assertThat(alice.pullAll("todo")).containsOnlyKeys("todo:1");
  }

  @Test
  void sha256Token_pushesAndPulls() {
    TransitHttp bob = server.http("bob-secret");

    assertThat(field(bob.pushOne("todo", put("todo:1", "x", 0)), "status")).isEqualTo(kw("ok"));
    assertThat(bob.pullAll("todo")).containsOnlyKeys("todo:1");
  }

  @Test
  void sha256Token_hashItselfIsNotAToken() throws Exception {
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("bob-secret".getBytes(StandardCharsets.UTF_8)));

    assertThat(server.http(hash).pull("todo").status()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
  void bearerScheme_isCaseInsensitive(String scheme) {
    TransitHttp http = server.http();

    Reply reply =
        http.send(http.request("/sync?group=todo").header("Authorization", scheme + " alice-token").GET());

    assertThat(reply.status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"token", "access_token", "bearer", "Authorization"})
  void tokenInUrl_isNotAccepted(String parameter) {
    Reply pull = server.http().get("/sync?group=todo&" + parameter + "=alice-token");
    Reply push =
        server.http().post("/sync?" + parameter + "=alice-token", Wire.push("todo", List.of(put("todo:1", "x", 0))));

    assertThat(pull.status()).isEqualTo(401);
    assertThat(push.status()).isEqualTo(401);
    assertThat(server.http("alice-token").pullAll("todo")).isEmpty();
  }

  @Test
  void writeGroup_mayBePushedToAndPulled() {
    TransitHttp bob = server.http("bob-secret");

    assertThat(field(bob.pushOne("inbox", put("inbox:1", "x", 0)), "status")).isEqualTo(kw("ok"));
    assertThat(bob.pullAll("inbox")).containsOnlyKeys("inbox:1");
  }

  @Test
  void groups_ofOneUserAreNotOpenToAnother() {
    server.http("alice-token").pushOne("settings", put("settings:theme", "dark", 0));

    assertThat(server.http("bob-secret").pull("settings").status()).isEqualTo(403);
    assertThat(server.http("alice-token").pull("news").status()).isEqualTo(403);
  }

  @Test
  void openMode_needsNoTokenAndIgnoresOne() {
    try (TestServer open = TestServer.start(dir.resolve("open.db"))) {
      assertThat(field(open.http().pushOne("any", put("any:1", "x", 0)), "status")).isEqualTo(kw("ok"));
      assertThat(open.http("whatever").pullAll("any")).containsOnlyKeys("any:1");
    }
  }
}
