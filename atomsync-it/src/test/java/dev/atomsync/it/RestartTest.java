package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clients and servers that stop and start again lose nothing and sync on. */
class RestartTest extends EndToEndTest {

  @Test
  void localStorePersistsAcrossClientRestartAndStillSyncs() {
    SyncedAtom a = clients.open("a", "todo");
    a.put("todo:1", Map.of(kw("text"), "written before the restart"));
    Await.nothingPending(a);
    server.stop(); // so that what a has after reopening can only come from its own file

    a = clients.reopen(a);

    assertThat(a.get("todo:1")).isEqualTo(Map.of(kw("text"), "written before the restart"));
    assertThat(a.pendingCount()).as("an acknowledged change is not pending again").isZero();
    server.start();
    SyncedAtom b = clients.open("b", "todo");
    b.put("todo:2", "from b");
    Await.doc(a, "todo:2", "from b");
    a.put("todo:3", "from a after the restart");
    Await.doc(b, "todo:3", "from a after the restart");
    assertThat(server.wire().pullAll("todo").get("todo:1").version())
        .as("todo:1 was not pushed twice").isEqualTo(1);
  }

  @Test
  void pendingChangesSurviveServerRestart() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    a.put("todo:0", "before the stop");
    Await.doc(b, "todo:0", "before the stop");

    server.stop();
    a.put("todo:1", "while the server was down");
    assertThat(a.pendingCount()).isGreaterThan(0);
    server.start();

    Await.nothingPending(a);
    Await.doc(b, "todo:1", "while the server was down");
    assertThat(server.wire().values("todo")).containsOnly(
        Map.entry("todo:0", "before the stop"), Map.entry("todo:1", "while the server was down"));
  }

  @Test
  void offlineEditsOfOneDocumentArePushedAsOneChange() {
    // A long backoff, so that no retry takes the first edit in flight between the edits: an entry
    // once sent is frozen, and later edits would then rightly go as a second change.
    SyncedAtom a = clients.open("a", "todo",
        clients.options().backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    Await.result(a.ready());
    server.stop();
    assertThat(a.sync()).failsWithin(Await.PATIENCE);
    assertThat(a.status()).isEqualTo(SyncStatus.OFFLINE);
    a.put("todo:1", "first");
    a.put("todo:1", "second");
    a.update("todo:1", value -> value + " and third");

    assertThat(a.pendingCount()).as("one pending change per document").isEqualTo(1);
    server.start();
    Await.nothingPending(a);
    Doc onServer = server.wire().pullAll("todo").get("todo:1");
    assertThat(onServer.value()).isEqualTo("second and third");
    assertThat(onServer.version()).isEqualTo(1);
  }

  @Test
  void pendingChangesSurviveClientRestartWhileOffline() {
    SyncedAtom a = clients.open("a", "todo");
    server.stop();
    a.put("todo:1", "written offline");
    a.put("todo:2", Map.of(kw("text"), "also written offline"));

    a = clients.reopen(a);

    assertThat(a.pendingCount()).isEqualTo(2);
    server.start();
    Await.nothingPending(a);
    assertThat(server.wire().values("todo")).containsOnly(
        Map.entry("todo:1", "written offline"),
        Map.entry("todo:2", Map.of(kw("text"), "also written offline")));
  }
}
