package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.it.testing.Await;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.InProcessTransport;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull of many pages: the client fetches the next page while it applies the one before, yet the
 * pages are asked for in cursor order, each from the cursor the page before ended at, and a page
 * that fails leaves the pages before it applied.
 */
@Timeout(60)
class PagedPullTest {
  private static final int DOCS = 5_500;

  @TempDir Path dir;
  private AtomSyncServer server;
  private AtomSync writerDb;
  private AtomSync readerDb;
  private Map<String, Object> written;

  @BeforeEach
  void start() {
    server = AtomSyncServer.start(SqliteStore.open(dir.resolve("server.db"), InstantSource.system()),
        ServerOptions.builder().host("127.0.0.1").port(0).build());
    writerDb = AtomSync.open(dir.resolve("writer.db"));
    readerDb = AtomSync.open(dir.resolve("reader.db"));
    SyncedAtom writer = writerDb.atom("todo",
        SyncOptions.transport(InProcessTransport.over(server.service(), "writer")));
    written = new HashMap<>();
    for (int i = 0; i < DOCS; i++) {
      written.put("todo:" + i, Map.of(kw("text"), "item " + i, kw("n"), (long) i));
    }
    writer.swap(m -> m.plusAll(written));
    Await.await("the writer pushed everything").until(() -> writer.pendingCount() == 0);
  }

  @AfterEach
  void stop() {
    readerDb.close();
    writerDb.close();
    server.close();
  }

  @Test
  void aFreshClientAsksForEveryPageFromTheCursorThePageBeforeEndedAt() {
    RecordingTransport transport = new RecordingTransport(server, -1);
    SyncedAtom reader = readerDb.atom("todo",
        SyncOptions.transport(transport).pullInterval(Duration.ofMinutes(1)));

    Await.result(reader.ready());
    Await.await("the reader holds every document")
        .untilAsserted(() -> assertThat(reader.deref()).isEqualTo(written));
    assertThat(transport.pulls.size()).isGreaterThanOrEqualTo(3);
    for (int i = 1; i < transport.pulls.size(); i++) {
      assertThat(transport.pulls.get(i).since())
          .as("pull %d starts where pull %d ended", i, i - 1)
          .isEqualTo(transport.pulls.get(i - 1).cursor());
    }
  }

  @Test
  void aFailedPageLeavesThePagesBeforeItAppliedAndTheNextRoundGoesOnFromThere() {
    RecordingTransport transport = new RecordingTransport(server, 2);
    SyncedAtom reader = readerDb.atom("todo",
        SyncOptions.transport(transport).pullInterval(Duration.ofMinutes(1))
            .backoff(Duration.ofMillis(10), Duration.ofMillis(50)));

    Await.await("the reader holds every document")
        .untilAsserted(() -> assertThat(reader.deref()).isEqualTo(written));
    // Pulls 0 and 1 answered, pull 2 failed; the retry asks from where pull 1 ended, not from 0.
    Pull failed = transport.pulls.get(2);
    Pull retry = transport.pulls.get(3);
    assertThat(failed.cursor()).isEqualTo(-1);
    assertThat(retry.since()).isEqualTo(transport.pulls.get(1).cursor()).isPositive();
  }

  /** One pull as the transport saw it: where it started and where its page ended (-1: failed). */
  record Pull(long since, long cursor) {}

  /** Passes to the server in process, records each pull, and fails the pull at one index once. */
  private static final class RecordingTransport implements SyncTransport {
    private final InProcessTransport server;
    private final int failAt;
    private final AtomicInteger count = new AtomicInteger();
    final List<Pull> pulls = new CopyOnWriteArrayList<>();

    RecordingTransport(AtomSyncServer server, int failAt) {
      this.server = InProcessTransport.over(server.service(), "reader");
      this.failAt = failAt;
    }

    @Override
    public PullResponse pull(String group, long since, long horizon, int limit) {
      if (count.getAndIncrement() == failAt) {
        pulls.add(new Pull(since, -1));
        throw new SyncException("pull " + failAt + " fails on purpose", 0, null);
      }
      PullResponse page = server.pull(group, since, horizon, limit);
      pulls.add(new Pull(since, page.cursor()));
      return page;
    }

    @Override
    public PushResponse push(PushRequest request) {
      return server.push(request);
    }

    @Override
    public Registration subscribe(String group, EventListener listener) {
      return server.subscribe(group, listener);
    }
  }
}
