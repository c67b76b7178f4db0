package dev.atomsync.server.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.spi.StoredPushResult.Stale;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules of {@link Store} that only show under concurrent use, run against every
 * implementation: a subclass supplies the store.
 *
 * <p>Beyond what {@link Store}'s Javadoc spells out, clients rely on one more rule here: a seq
 * becomes visible to pulls only after every lower seq of the group did, or a client whose cursor
 * passed it would never see the lower one.
 */
public abstract class StoreConcurrencyContractTest {
  protected final ManualClock clock = new ManualClock();
  protected Store store;
  private ExecutorService threads;

  /** Returns a new, empty store that takes its time from {@code clock}. */
  protected abstract Store newStore(InstantSource clock) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore(clock);
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void closeStore() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
  }

  @Test
  @Timeout(120)
  void push_concurrentPushersOnOneDocGetOneAppliedPerVersion() throws Exception {
    int pushers = 16;
    int rounds = 100;
    CyclicBarrier startOfRound = new CyclicBarrier(pushers);
    AtomicIntegerArray appliedPerRound = new AtomicIntegerArray(rounds);
    ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int p = 0; p < pushers; p++) {
      int pusher = p;
      tasks.add(() -> {
        for (int round = 0; round < rounds; round++) {
          startOfRound.await(30, TimeUnit.SECONDS);
          Outcome outcome = store.push("todo", "p" + pusher,
              List.of(put("todo:contested", round, pusher + "/" + round))).outcomes().getFirst();
          if (outcome instanceof Applied applied) {
            assertThat(applied.version()).isEqualTo(round + 1);
            appliedPerRound.incrementAndGet(round);
            seqs.add(applied.seq());
          } else {
            StoredDoc current = ((Stale) outcome).current();
            assertThat(current).isNotNull();
            assertThat(current.version()).isEqualTo(round + 1);
          }
        }
        return null;
      });
    }

    runAll(tasks);

    for (int round = 0; round < rounds; round++) {
      assertThat(appliedPerRound.get(round)).as("applied pushes in round %d", round).isEqualTo(1);
    }
    assertThat(seqs).doesNotHaveDuplicates().hasSize(rounds);
    StoredPage page = store.pull("todo", 0, 0, 10);
    assertThat(page.docs()).singleElement().extracting(StoredDoc::version).isEqualTo((long) rounds);
  }

  @Test
  @Timeout(120)
  void pull_duringPushesSeesEverySeqOfTheGroupInOrder() throws Exception {
    int pushers = 4;
    int pushesEach = 300;
    int pullers = 3;
    AtomicBoolean pushing = new AtomicBoolean(true);
    List<Callable<Void>> pushTasks = new ArrayList<>();
    for (int p = 0; p < pushers; p++) {
      int pusher = p;
      pushTasks.add(() -> {
        for (int i = 0; i < pushesEach; i++) {
          List<StoredChange> changes = new ArrayList<>();
          for (int j = 0; j <= i % 3; j++) {
            changes.add(put("todo:" + pusher + "-" + i + "-" + j, 0, "v"));
          }
          store.push("todo", "p" + pusher, changes);
        }
        return null;
      });
    }
    List<Future<List<Long>>> seen = new ArrayList<>();
    for (int p = 0; p < pullers; p++) {
      seen.add(threads.submit(() -> pullUntilDone(pushing)));
    }

    try {
      runAll(pushTasks);
    } finally {
      pushing.set(false);
    }

    List<Long> expected = pullSeqs();
    assertThat(expected).hasSize(pushers * (pushesEach / 3) * 6);
    for (Future<List<Long>> puller : seen) {
      assertThat(puller.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
    }
  }

  /** Pulls small pages from cursor to cursor until pushing stopped and a pass came up empty. */
  private List<Long> pullUntilDone(AtomicBoolean pushing) {
    List<Long> seqs = new ArrayList<>();
    long since = 0;
    while (true) {
      boolean stillPushing = pushing.get();
      StoredPage page = store.pull("todo", since, 0, 7);
      page.docs().forEach(d -> seqs.add(d.seq()));
      since = page.cursor();
      if (!page.more() && page.docs().isEmpty() && !stillPushing) {
        return seqs;
      }
    }
  }

  private List<Long> pullSeqs() {
    return store.pull("todo", 0, 0, 100_000).docs().stream().map(StoredDoc::seq).toList();
  }

  private void runAll(List<Callable<Void>> tasks) throws Exception {
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> task : tasks) {
      futures.add(threads.submit(task));
    }
    for (Future<Void> future : futures) {
      future.get(100, TimeUnit.SECONDS);
    }
  }

  private static StoredChange put(String id, long base, String text) {
    return new StoredChange(id, Op.PUT, text.getBytes(UTF_8), base, UUID.randomUUID());
  }
}
