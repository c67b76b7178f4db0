package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.PostgresNodes;
import dev.atomsync.it.testing.WatchRecorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients of different server nodes on one PostgreSQL database: a change on one reaches the other
 * through the nodes' LISTEN/NOTIFY and the live-event stream, long before its next pull.
 */
@Timeout(60)
class MultiNodeTest {
  /** Well under the pull interval, with room for a loaded machine. */
  private static final Duration LIVE = Duration.ofSeconds(3);

  @TempDir Path dir;
  private PostgresNodes nodes;
  private AtomSync clientA;
  private AtomSync clientB;

  @BeforeEach
  void start() {
    nodes = PostgresNodes.start(2);
    clientA = AtomSync.open(dir.resolve("a.db"));
    clientB = AtomSync.open(dir.resolve("b.db"));
  }

  @AfterEach
  void stop() {
    try {
      clientA.close();
      clientB.close();
    } finally {
      nodes.close();
    }
  }

  @Test
  void swapOnClientOfNodeOneFiresWatchOfClientOfNodeTwoWithoutWaitingForPull() {
    SyncedAtom a = clientA.atom("todo", slowPull(0));
    SyncedAtom b = clientB.atom("todo", slowPull(1));
    assertThat(Await.result(a.ready())).isEqualTo(Readiness.SYNCED);
    assertThat(Await.result(b.ready())).isEqualTo(Readiness.SYNCED);
    // One change first, so that the pulls of start-up are behind both clients.
    a.put("todo:warm-up", "first");
    Await.doc(b, "todo:warm-up", "first");
    WatchRecorder bWatch = WatchRecorder.on(b);

    a.swap(m -> m.plus("todo:live", Map.of(kw("text"), "pushed through node 1")));

    bWatch.awaitDoc("todo:live", Map.of(kw("text"), "pushed through node 1"), LIVE);
  }

  @Test
  void changesOfClientsOnBothNodesConverge() {
    SyncedAtom a = clientA.atom("todo", slowPull(0));
    SyncedAtom b = clientB.atom("todo", slowPull(1));
    for (int i = 0; i < 20; i++) {
      a.put("todo:a" + i, "from a " + i);
      b.put("todo:b" + i, "from b " + i);
    }

    Await.doc(a, "todo:b19", "from b 19");
    Await.doc(b, "todo:a19", "from a 19");
    Await.synced(a, b);
    assertThat(a.deref()).isEqualTo(b.deref()).hasSize(40);
  }

  private SyncOptions slowPull(int node) {
    return SyncOptions.server(nodes.node(node).syncUri()).pullInterval(Clients.SLOW_PULL);
  }
}
