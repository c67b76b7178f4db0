package dev.atomsync.server.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.ManualClock;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.testing.TestPostgres;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pushers on two nodes (two stores on one database) and pullers on both, at once: every puller,
 * moving its cursor page by page as a client does, sees every acknowledged write.
 *
 * <p>A puller misses a write when a lower seq commits after it read a higher one. Each write here
 * is a new document, so none is ever superseded before a puller could see it: a write missing
 * from a puller's sequence is a skipped write, not an overwritten one.
 */
class NoMissedWritesAcrossNodesTest {
  private static final int PUSHERS_PER_NODE = 3;
  private static final int PUSHES_EACH = 120;
  private static final int PULLERS_PER_NODE = 2;

  /** One write: its document, version and seq. */
  private record Write(String id, long version, long seq) {}

  private final ManualClock clock = new ManualClock();
  private final List<PostgresStore> nodes = new ArrayList<>();
  private ExecutorService threads;

  @BeforeEach
  void open() {
    String url = TestPostgres.newDatabase();
    nodes.add(PostgresStore.open(url, clock));
    nodes.add(PostgresStore.open(url, clock));
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    nodes.forEach(PostgresStore::close);
  }

  @Test
  @Timeout(120)
  void pull_onEitherNodeSeesEveryWriteAcknowledgedOnEither() throws Exception {
    ConcurrentLinkedQueue<Write> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean pushing = new AtomicBoolean(true);
    List<Future<List<Write>>> pullers = new ArrayList<>();
    for (PostgresStore node : nodes) {
      for (int p = 0; p < PULLERS_PER_NODE; p++) {
        pullers.add(threads.submit(() -> pullUntilDone(node, pushing)));
      }
    }
    List<Future<Void>> pushers = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      for (int p = 0; p < PUSHERS_PER_NODE; p++) {
        pushers.add(threads.submit(pusher(nodes.get(n), n + "-" + p, acknowledged)));
      }
    }

    try {
      for (Future<Void> pusher : pushers) {
        pusher.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pushing.set(false);
    }

    Set<Write> expected = new HashSet<>(acknowledged);
    assertThat(expected).hasSize(nodes.size() * PUSHERS_PER_NODE * PUSHES_EACH * 2);
    for (Future<List<Write>> puller : pullers) {
      List<Write> seen = puller.get(60, TimeUnit.SECONDS);
      assertThat(seen).extracting(Write::seq).isSorted().doesNotHaveDuplicates();
      Set<Write> missed = new HashSet<>(expected);
      missed.removeAll(seen);
      assertThat(missed).as("acknowledged writes this puller never saw").isEmpty();
      assertThat(seen).hasSameSizeAs(expected);
    }
  }

  /** Pushes two new documents at a time and records each acknowledged write. */
  private static Callable<Void> pusher(
      PostgresStore node, String name, ConcurrentLinkedQueue<Write> acknowledged) {
    return () -> {
      for (int i = 0; i < PUSHES_EACH; i++) {
        List<StoredChange> changes =
            List.of(put("todo:" + name + "-" + i + "a"), put("todo:" + name + "-" + i + "b"));
        for (Outcome outcome : node.push("todo", name, changes).outcomes()) {
          Applied applied = (Applied) outcome;
          acknowledged.add(new Write(applied.id(), applied.version(), applied.seq()));
        }
      }
      return null;
    };
  }

  /** Pulls small pages from cursor to cursor until pushing stopped and a pass came up empty. */
  private static List<Write> pullUntilDone(PostgresStore node, AtomicBoolean pushing) {
    List<Write> seen = new ArrayList<>();
    long since = 0;
    while (true) {
      boolean stillPushing = pushing.get();
      StoredPage page = node.pull("todo", since, 0, 5);
      for (StoredDoc doc : page.docs()) {
        seen.add(new Write(doc.id(), doc.version(), doc.seq()));
      }
      since = page.cursor();
      if (!page.more() && page.docs().isEmpty() && !stillPushing) {
        return seen;
      }
    }
  }

  private static StoredChange put(String id) {
    return new StoredChange(id, Op.PUT, "v".getBytes(UTF_8), 0, UUID.randomUUID());
  }
}
