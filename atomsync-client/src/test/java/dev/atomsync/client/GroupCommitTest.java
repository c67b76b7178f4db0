package dev.atomsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.internal.SqliteLocalStore;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.LocalStoreException;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.testing.CountingLocalStore;
import dev.atomsync.client.testing.WatchRecorder;
import dev.atomsync.core.Codec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swaps from many threads on one atom over a client file: each is durable when it returns, the
 * file holds them in the order of the atom's compare-and-sets, swaps that queue behind a running
 * commit commit together, and a failed commit fails exactly the swaps it held.
 */
class GroupCommitTest {
  private static final int THREADS = 8;
  private static final int SWAPS_PER_THREAD = 250;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void concurrentSwaps_areAllDurableInTheOrderOfTheirCompareAndSets() throws Exception {
    Path file = dir.resolve("client.db");
    ConcurrentLinkedQueue<Long> returned = new ConcurrentLinkedQueue<>();
    DocMap last;
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try (AtomSync db = AtomSync.open(file)) {
      SyncedAtom order = db.atom("order");
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(threads.submit(() -> {
          for (int i = 0; i < SWAPS_PER_THREAD; i++) {
            // Each swap adds the next number: document order:N is the Nth compare-and-set.
            DocMap after = order.swap(m -> {
              long n = (Long) m.getOrDefault("order:counter", 0L) + 1;
              return m.plus("order:counter", n).plus("order:" + n, n);
            });
            returned.add((Long) after.get("order:counter"));
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(100, TimeUnit.SECONDS);
      }
      last = order.deref();
    } finally {
      threads.shutdownNow();
    }

    long swaps = (long) THREADS * SWAPS_PER_THREAD;
    assertThat(returned).hasSize((int) swaps).doesNotHaveDuplicates();
    try (AtomSync db = AtomSync.open(file)) {
      DocMap reopened = db.atom("order").deref();
      assertThat(reopened).isEqualTo(last).hasSize((int) swaps + 1);
      assertThat(reopened.get("order:counter")).isEqualTo(swaps);
    }
    try (LocalStore store = SqliteLocalStore.open(file, Durability.NORMAL)) {
      // Each document's pending entry took its seq when its write reached the file.
      List<String> bySeq = store.outbox("order").stream()
          .sorted(Comparator.comparingLong(OutboxEntry::seq))
          .map(OutboxEntry::id)
          .filter(id -> !id.equals("order:counter"))
          .toList();
      List<String> byNumber = new ArrayList<>();
      for (long n = 1; n <= swaps; n++) {
        byNumber.add("order:" + n);
      }
      assertThat(bySeq).isEqualTo(byNumber);
    }
  }

  @Test
  @Timeout(60)
  void swapsQueuedBehindARunningCommit_commitTogetherInTheNextTransaction() throws Exception {
    CountingLocalStore store =
        new CountingLocalStore(SqliteLocalStore.open(dir.resolve("client.db"), Durability.NORMAL));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (AtomSync db = AtomSync.open(store, Codec.standard())) {
      SyncedAtom todos = db.atom("todo");
      store.holdWrites();
      Future<DocMap> first = threads.submit(() -> todos.put("todo:a", "first"));
      awaitDocuments(todos, "todo:a");
      List<Future<DocMap>> queued = new ArrayList<>();
      for (String id : List.of("todo:b", "todo:c", "todo:d")) {
        queued.add(threads.submit(() -> todos.put(id, "queued")));
      }
      awaitDocuments(todos, "todo:a", "todo:b", "todo:c", "todo:d");
      assertThat(first).isNotDone();

      store.releaseWrites();

      first.get(30, TimeUnit.SECONDS);
      for (Future<DocMap> swap : queued) {
        swap.get(30, TimeUnit.SECONDS);
      }
      assertThat(store.writes()).hasSize(2);
      assertThat(store.writes().get(0)).containsExactly("todo:a");
      assertThat(store.writes().get(1)).containsExactlyInAnyOrder("todo:b", "todo:c", "todo:d");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @Timeout(60)
  void aFailedCommit_failsEverySwapItHeld_andTheAtomGoesBackToTheValueBeforeThem()
      throws Exception {
    Path file = dir.resolve("client.db");
    CountingLocalStore store =
        new CountingLocalStore(SqliteLocalStore.open(file, Durability.NORMAL));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (AtomSync db = AtomSync.open(store, Codec.standard())) {
      SyncedAtom todos = db.atom("todo");
      WatchRecorder watch = new WatchRecorder();
      todos.addWatch("w", watch);
      store.holdWrites();
      Future<DocMap> first = threads.submit(() -> todos.put("todo:a", "first"));
      awaitDocuments(todos, "todo:a");
      store.failWrites(true); // the held write already decided to succeed
      List<Future<DocMap>> queued = new ArrayList<>();
      for (String id : List.of("todo:b", "todo:c", "todo:d")) {
        queued.add(threads.submit(() -> todos.put(id, "queued")));
      }
      awaitDocuments(todos, "todo:a", "todo:b", "todo:c", "todo:d");

      store.releaseWrites();

      DocMap afterFirst = first.get(30, TimeUnit.SECONDS);
      for (Future<DocMap> swap : queued) {
        assertThat(swap).failsWithin(Duration.ofSeconds(30))
            .withThrowableThat()
            .havingRootCause()
            .isInstanceOf(LocalStoreException.class)
            .withMessageContaining("disk full");
      }
      assertThat(todos.deref()).isSameAs(afterFirst).containsOnlyKeys("todo:a");
      assertThat(watch.take().newValue()).isSameAs(afterFirst);
      watch.assertExhausted();
      store.failWrites(false);
      assertThat(todos.put("todo:e", "later")).containsOnlyKeys("todo:a", "todo:e");
    } finally {
      threads.shutdownNow();
    }
    try (AtomSync db = AtomSync.open(file)) {
      assertThat(db.atom("todo").deref()).containsOnlyKeys("todo:a", "todo:e");
    }
  }

  /** Waits until {@code atom} shows every one of {@code ids}: their swaps are queued. */
  private static void awaitDocuments(SyncedAtom atom, String... ids) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!atom.deref().keySet().containsAll(List.of(ids))) {
      assertThat(System.nanoTime()).as("swaps of %s queued", List.of(ids)).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
