package dev.atomsync.server.postgres;

import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.testing.EventRecorder;
import dev.atomsync.server.testing.TestPostgres;
import dev.atomsync.server.testing.TransitHttp;
import java.net.URI;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two server nodes on one PostgreSQL database: a push on either reaches live clients of both. */
class TwoNodesLiveEventsTest {
  private AtomSyncServer node1;
  private AtomSyncServer node2;
  private TransitHttp http1;
  private TransitHttp http2;

  @BeforeEach
  void start() {
    String url = TestPostgres.newDatabase();
    node1 = startNode(url);
    node2 = startNode(url);
    http1 = new TransitHttp(root(node1));
    http2 = new TransitHttp(root(node2));
  }

  @AfterEach
  void stop() {
    http1.close();
    http2.close();
    node1.close();
    node2.close();
  }

  @Test
  void events_onNodeTwoReportPushCommittedOnNodeOne() {
    try (EventRecorder events = EventRecorder.open(http2, "/sync/events?group=todo")) {
      events.awaitComment("connected");

      long seq = longField(http1.pushOne("todo", put("todo:1", "from node 1", 0)), "seq");

      assertThat(events.awaitChange(seq).cursor()).isEqualTo(seq);
      assertThat(http2.pullAll("todo")).containsOnlyKeys("todo:1");
    }
  }

  @Test
  void events_onEachNodeReportPushesOfBothNodes() {
    try (EventRecorder events1 = EventRecorder.open(http1, "/sync/events?group=todo");
        EventRecorder events2 = EventRecorder.open(http2, "/sync/events?group=todo")) {
      events1.awaitComment("connected");
      events2.awaitComment("connected");

      long first = longField(http1.pushOne("todo", put("todo:1", "a", 0)), "seq");
      long second = longField(http2.pushOne("todo", put("todo:2", "b", 0)), "seq");

      events1.awaitChange(second);
      events2.awaitChange(second);
      assertThat(second).isGreaterThan(first);
    }
  }

  private static AtomSyncServer startNode(String url) {
    return AtomSyncServer.start(
        PostgresStore.open(url, InstantSource.system()),
        ServerOptions.builder().host("127.0.0.1").port(0).build());
  }

  private static URI root(AtomSyncServer node) {
    return URI.create("http://127.0.0.1:" + node.port() + "/");
  }
}
