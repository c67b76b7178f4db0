package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Change;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.StatusRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code ready()} and {@code status()} say with a server up, down, and coming up. */
class ReadinessTest extends EndToEndTest {

  @Test
  void readyIsSyncedWithServerDocsInDeref() {
    server.wire().push("todo",
        Change.put("todo:1", "one", 0), Change.put("todo:2", "two", 0), Change.put("todo:3", "three", 0));
    SyncedAtom atom = clients.open("a", "todo");

    assertThat(Await.result(atom.ready())).isEqualTo(Readiness.SYNCED);

    assertThat(atom.deref()).containsOnly(
        Map.entry("todo:1", "one"), Map.entry("todo:2", "two"), Map.entry("todo:3", "three"));
    assertThat(atom.ready()).as("the same future on every call").isSameAs(atom.ready());
    Await.status(atom, SyncStatus.SYNCED);
  }

  @Test
  void readyIsSyncedWithEveryPageOfALargeGroupInDeref() {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      changes.add(Change.put("todo:" + i, (long) i, 0));
    }
    server.wire().push("todo", changes);
    SyncedAtom atom = clients.open("a", "todo");

    assertThat(Await.result(atom.ready())).isEqualTo(Readiness.SYNCED);

    assertThat(atom.deref()).hasSize(5000).containsEntry("todo:4999", 4999L);
  }

  @Test
  void readyIsOfflineWithoutServerAndAtomStillTakesWrites() {
    server.stop();
    SyncedAtom atom = clients.open("a", "todo");

    assertThat(Await.result(atom.ready())).isEqualTo(Readiness.OFFLINE);

    atom.put("todo:1", "written offline");
    assertThat(atom.get("todo:1")).isEqualTo("written offline");
    assertThat(atom.pendingCount()).isEqualTo(1);
    Await.status(atom, SyncStatus.OFFLINE);
  }

  @Test
  void statusGoesFromOfflineToSyncedWhenServerComesUp() {
    server.stop();
    SyncedAtom atom = clients.open("a", "todo");
    StatusRecorder statuses = StatusRecorder.on(atom);
    Await.status(atom, SyncStatus.OFFLINE);
    atom.put("todo:1", "written offline");

    server.start();

    Await.status(atom, SyncStatus.SYNCED);
    statuses.awaitChangeTo(SyncStatus.SYNCED);
    assertThat(atom.pendingCount()).isZero();
    assertThat(server.wire().values("todo")).containsOnly(Map.entry("todo:1", "written offline"));
  }

  @Test
  void localOnlyAtomIsReadyAtOnceAndNeverSyncs() {
    SyncedAtom atom = clients.open("a", "todo", SyncOptions.localOnly());

    assertThat(atom.ready()).isCompletedWithValue(Readiness.LOCAL_ONLY);
    atom.put("todo:1", "local");
    assertThat(atom.status()).isEqualTo(SyncStatus.LOCAL_ONLY);
    Await.result(atom.sync());
    assertThat(server.wire().values("todo")).isEmpty();
  }
}
