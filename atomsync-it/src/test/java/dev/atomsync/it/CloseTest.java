package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing a client stops every thread it started and gives up its file. */
class CloseTest extends EndToEndTest {

  @Test
  void close_stopsSyncAndEventThreadsAndReleasesTheFile() {
    SyncedAtom atom = clients.open("a", "todo");
    SyncedAtom other = clients.db(atom).atom("notes", clients.options());
    Await.result(atom.ready());
    Await.result(other.ready());
    assertThat(atomsyncThreads()).isNotEmpty();

    clients.close(atom);

    Await.await("AtomSync threads are gone")
        .untilAsserted(() -> assertThat(atomsyncThreads()).isEmpty());
    assertThatThrownBy(() -> atom.put("todo:1", "after close"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(atom::sync).isInstanceOf(IllegalStateException.class);
    try (AtomSync again = AtomSync.open(clients.file("a"))) {
      assertThat(again.clientId()).isNotNull();
    }
  }

  @Test
  void close_whileServerIsDown_returnsPromptlyAndKeepsThePendingChange() {
    SyncedAtom atom = clients.open("a", "todo");
    Await.result(atom.ready());
    server.stop();
    atom.put("todo:1", "pending");

    long start = System.nanoTime();
    clients.close(atom);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(tookMillis).as("close while the sync loop backs off").isLessThan(5_000);
    server.start();
    SyncedAtom reopened = clients.open("a", "todo");
    Await.nothingPending(reopened);
    assertThat(server.wire().values("todo")).containsEntry("todo:1", "pending");
  }

  private static List<String> atomsyncThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("atomsync-sync-") || name.startsWith("atomsync-events-"))
        .toList();
  }
}
