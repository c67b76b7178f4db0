package dev.atomsync.it;

import static dev.atomsync.it.testing.Await.synced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.sqlite.SqliteStore;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * A client that was away while the server purged tombstones gets the reset pass of PROTOCOL.md
 * (Compaction): it drops what the server deleted, keeps its own unpushed changes, and goes on
 * syncing normally afterwards.
 */
class CompactionTest extends EndToEndTest {
  private static final URI NO_SERVER = URI.create("http://127.0.0.1:9/sync");

  @Test
  void clientAwayDuringPurge_dropsPurgedDeletionsAndKeepsUnpushedChanges() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    a.put("todo:1", "one");
    a.put("todo:2", "two");
    a.put("todo:3", "three");
    synced(a, b);
    assertThat(b.deref()).containsOnlyKeys("todo:1", "todo:2", "todo:3");

    // B goes away; while away, it edits offline (its sync loop cannot reach any server).
    clients.close(b);
    SyncedAtom offlineB = clients.open("b", "todo", clients.options(NO_SERVER));
    offlineB.put("todo:9", "made offline");
    assertThat(offlineB.pendingCount()).isEqualTo(1);
    clients.close(offlineB);

    a.remove("todo:2");
    synced(a);
    purgeEverythingDeleted();

    SyncedAtom back = clients.open("b", "todo");
    Await.absent(back, "todo:2");
    Await.nothingPending(back);
    assertThat(back.deref()).containsOnlyKeys("todo:1", "todo:3", "todo:9");
    assertThat(server.wire().values("todo")).containsOnlyKeys("todo:1", "todo:3", "todo:9");

    // After the reset pass the client pulls incrementally again: a later write arrives as usual.
    a.put("todo:4", "four");
    synced(a, back);
    assertThat(back.deref()).containsOnlyKeys("todo:1", "todo:3", "todo:4", "todo:9");
  }

  @Test
  void freshClientAfterPurge_pullsOnlyTheLiveSet() {
    SyncedAtom a = clients.open("a", "todo");
    for (int i = 0; i < 30; i++) {
      a.put("todo:" + i, (long) i);
    }
    synced(a);
    for (int i = 0; i < 30; i += 2) {
      a.remove("todo:" + i);
    }
    synced(a);
    purgeEverythingDeleted();

    SyncedAtom fresh = clients.open("fresh", "todo");
    Await.result(fresh.ready());
    synced(fresh);

    assertThat(fresh.deref()).hasSize(15).containsKeys("todo:1", "todo:29")
        .doesNotContainKeys("todo:0", "todo:28");
  }

  /** Stops the server, purges every tombstone as {@code ./atomsync purge} would, starts again. */
  private void purgeEverythingDeleted() {
    purgeEverythingDeletedIn("todo");
  }

  private void purgeEverythingDeletedIn(String group) {
    server.stop();
    try (SqliteStore store = SqliteStore.open(server.db(), InstantSource.system())) {
      PurgeResult purged = store.purge(Instant.now().plusSeconds(60));
      assertThat(purged.tombstones()).as("tombstones purged").isPositive();
      assertThat(purged.horizons()).containsKey(group);
    }
    server.start();
  }
}
