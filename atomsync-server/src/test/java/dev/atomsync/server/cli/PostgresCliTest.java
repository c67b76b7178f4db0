package dev.atomsync.server.cli;

import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.testing.CliProcess;
import dev.atomsync.server.testing.EventRecorder;
import dev.atomsync.server.testing.TestPostgres;
import dev.atomsync.server.testing.TransitHttp;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atomsync server --postgres URL} as real processes: two nodes on one database. */
class PostgresCliTest {
  @TempDir Path dir;

  @Test
  void server_nodesOnOneDatabaseShareDocsAndLiveEvents() {
    String url = TestPostgres.newDatabase();
    int port1 = CliProcess.freePort();
    int port2 = CliProcess.freePort();
    try (CliProcess node1 = startNode(url, port1);
        CliProcess node2 = startNode(url, port2);
        TransitHttp http1 = new TransitHttp(URI.create("http://127.0.0.1:" + port1 + "/"));
        TransitHttp http2 = new TransitHttp(URI.create("http://127.0.0.1:" + port2 + "/"))) {
      node1.awaitHealthy(port1);
      node2.awaitHealthy(port2);
      try (EventRecorder events = EventRecorder.open(http2, "/sync/events?group=todo")) {
        events.awaitComment("connected");

        long seq = longField(http1.pushOne("todo", put("todo:1", "from node 1", 0)), "seq");

        events.awaitChange(seq);
        assertThat(http2.pullAll("todo")).containsOnlyKeys("todo:1");
      }
      node1.terminate();
      node2.terminate();
      assertThat(node1.awaitExit()).isIn(0, 143);
      assertThat(node2.awaitExit()).isIn(0, 143);
      assertThat(node1.stderr() + node1.stdout()).contains("with database jdbc:postgresql:");
    }
  }

  @Test
  void server_refusesBothSqliteFileAndPostgres() {
    CliProcess cli = CliProcess.run(dir, "server", "--db", "x.db", "--postgres", "jdbc:postgresql://127.0.0.1/x");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.stderr()).contains("give either an SQLite file or --postgres, not both");
  }

  @Test
  void server_reportsUnreachableDatabaseWithoutPassword() {
    CliProcess cli = CliProcess.run(dir, "server", "--host", "127.0.0.1", "--port", "0",
        "--postgres", "jdbc:postgresql://127.0.0.1:1/atomsync?user=a&password=secret&connectTimeout=2");

    assertThat(cli.exitCode()).isEqualTo(2);
    assertThat(cli.stderr())
        .contains("atomsync: opening the store failed on jdbc:postgresql://127.0.0.1:1/atomsync")
        .doesNotContain("secret");
  }

  private CliProcess startNode(String url, int port) {
    return CliProcess.start(dir, "server", "--host", "127.0.0.1", "--port", "" + port,
        "--postgres", url);
  }
}
