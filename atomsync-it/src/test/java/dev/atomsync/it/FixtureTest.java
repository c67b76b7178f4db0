package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Change;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PushResult;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.WireClient;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fixtures themselves: the server answers on loopback, restarts in place, and the proxy cuts. */
class FixtureTest extends EndToEndTest {

  @Test
  void serverAnswersHealthOnLoopback() {
    var health = server.wire().health();

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"ok\"");
    assertThat(server.syncUri().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void pushedDocumentComesBackFromPullWithItsTypes() {
    Map<Object, Object> value = Map.of(kw("text"), "Buy milk", kw("tags"), Set.of(kw("groceries")));

    List<PushResult> results = server.wire().push("todo", Change.put("todo:1", value, 0)).results();

    assertThat(results).singleElement().isInstanceOf(PushResult.Ok.class);
    Doc doc = server.wire().pullAll("todo").get("todo:1");
    assertThat(doc.value()).isEqualTo(value);
    assertThat(doc.version()).isEqualTo(1);
    assertThat(((Map<?, ?>) doc.value()).get(kw("tags"))).isInstanceOf(Set.class);
  }

  @Test
  void restartKeepsDocumentsAndPort() {
    server.wire().push("todo", Change.put("todo:1", "kept", 0));
    int port = server.port();
    WireClient wire = server.wire();

    server.stop();
    assertThatThrownBy(wire::health).isInstanceOf(UncheckedIOException.class);
    server.start();

    assertThat(server.port()).isEqualTo(port);
    assertThat(wire.values("todo")).containsExactly(Map.entry("todo:1", "kept"));
  }

  @Test
  void restartOnNewPortKeepsDocuments() {
    server.wire().push("todo", Change.put("todo:1", "kept", 0));
    WireClient old = server.wire();

    server.restartOnNewPort();

    assertThatThrownBy(old::health).isInstanceOf(UncheckedIOException.class);
    assertThat(server.wire().values("todo")).containsExactly(Map.entry("todo:1", "kept"));
  }

  @Test
  void proxyPassesTrafficUntilCutAndAgainAfterRestore() {
    FaultProxy proxy = proxy();
    proxy.wire().push("todo", Change.put("todo:1", "through proxy", 0));
    assertThat(server.wire().values("todo")).containsEntry("todo:1", "through proxy");

    proxy.cut();
    assertThatThrownBy(() -> proxy.wire().health()).isInstanceOf(UncheckedIOException.class);
    assertThat(server.wire().health().statusCode()).isEqualTo(200);

    proxy.restore();
    assertThat(proxy.wire().values("todo")).containsEntry("todo:1", "through proxy");
  }
}
