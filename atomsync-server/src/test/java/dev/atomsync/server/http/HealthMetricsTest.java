package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atomsync.server.Users;
import dev.atomsync.server.testing.EventRecorder;
import dev.atomsync.server.testing.OpenServerTest;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp.Reply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /health} and {@code GET /metrics}. */
class HealthMetricsTest extends OpenServerTest {
  @Test
  void health_answersOkAsJson() {
    Reply reply = http.get("/health");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.text().replace(" ", "")).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void health_answers503WhenTheStoreIsGone() {
    server.server().service().store().close();

    Reply reply = http.get("/health");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.text()).doesNotContain("\"ok\"");
  }

  @Test
  void health_needsNoTokenWhenUsersAreConfigured() {
    String users = "{\"users\": {\"alice\": {\"token\": \"t\", \"groups\": [\"todo\"]}}}";
    try (TestServer guarded = TestServer.start(dir.resolve("guarded.db"), b -> b.users(Users.parse(users)))) {
      assertThat(guarded.http().get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void metrics_arePrometheusText() {
    Reply reply = http.get("/metrics");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/plain");
    assertThat(reply.text()).contains("# TYPE atomsync_changes_total counter");
  }

  @Test
  void metrics_countAcceptedAndConflictingChanges() {
    assertThat(metric("atomsync_changes_total", "status=\"ok\"")).isZero();

    http.push("todo", put("todo:1", "a", 0), put("todo:2", "b", 0), put("todo:3", "c", 0));
    http.push("todo", put("todo:1", "stale", 0));

    assertThat(metric("atomsync_changes_total", "status=\"ok\"")).isEqualTo(3.0);
    assertThat(metric("atomsync_changes_total", "status=\"conflict\"")).isEqualTo(1.0);
  }

  @Test
  void metrics_countErrorsByKeyword() {
    http.pull("todo", "since=-1");
    http.get("/sync/nope");

    assertThat(metric("atomsync_errors_total", "error=\"bad-request\"")).isEqualTo(1.0);
    assertThat(metric("atomsync_errors_total", "error=\"not-found\"")).isEqualTo(1.0);
  }

  @Test
  void metrics_lastSeqSurvivesGarbageCollection() {
    long seq = longField(http.pushOne("todo", put("todo:1", "a", 0)), "seq");

    System.gc();

    assertThat(metric("atomsync_last_seq", "")).isEqualTo((double) seq);
  }

  @Test
  void metrics_countLiveClients() {
    try (EventRecorder events = EventRecorder.open(http, "/sync/events?group=todo")) {
      await().atMost(EventRecorder.PATIENCE).until(() -> metric("atomsync_live_clients", "") == 1.0);
    }
  }

  /** Returns the sample of {@code name} whose labels include {@code label} (any when empty). */
  private double metric(String name, String label) {
    String text = http.get("/metrics").text();
    Pattern sample = Pattern.compile("^" + name + "(\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = sample.matcher(text);
    while (m.find()) {
      String labels = m.group(2) == null ? "" : m.group(2);
      if (labels.contains(label)) {
        return Double.parseDouble(m.group(3));
      }
    }
    throw new AssertionError("no sample " + name + "{" + label + "} in /metrics");
  }
}
