package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atomsync.server.AtomSyncServlet;
import dev.atomsync.server.ServerMetrics;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.SyncService;
import dev.atomsync.server.sqlite.SqliteStore;
import dev.atomsync.server.testing.EventRecorder;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AtomSyncServlet} mounted in an existing application: a Jetty context at {@code /app}
 * with the application's own servlet at {@code /hello} and AtomSync at {@code /api/sync/*}.
 */
class EmbeddingTest {
  @TempDir Path dir;
  private SqliteStore store;
  private SyncService service;
  private Server jetty;
  private TransitHttp http;

  /** The application's own servlet. */
  static final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("hello from the app");
    }
  }

  private void startApp(ServerMetrics metrics) throws Exception {
    store = SqliteStore.open(dir.resolve("app.db"), InstantSource.system());
    service = new SyncService(store);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler app = new ServletContextHandler();
    app.setContextPath("/app");
    app.addServlet(new ServletHolder("hello", new HelloServlet()), "/hello");
    app.addServlet(
        new ServletHolder("sync", new AtomSyncServlet(service, ServerOptions.builder().build(), metrics)),
        "/api/sync/*");
    jetty.setHandler(app);
    jetty.start();
    URI root = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    http = new TransitHttp(root).syncPath("/app/api/sync");
  }

  @AfterEach
  void stop() throws Exception {
    if (http != null) {
      http.close();
    }
    if (service != null) {
      service.events().close();
    }
    if (jetty != null) {
      jetty.stop();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void pushAndPull_workUnderTheMountPath() throws Exception {
    startApp(ServerMetrics.prometheus());

    Map<?, ?> result = http.pushOne("todo", put("todo:1", "embedded", 0));

    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    assertThat(field(http.pullAll("todo").get("todo:1"), "value")).isEqualTo("embedded");
  }

  @Test
  void events_workUnderTheMountPath() throws Exception {
    startApp(ServerMetrics.prometheus());
    try (EventRecorder events = EventRecorder.open(http, "/app/api/sync/events?group=todo")) {
      assertThat(events.status()).isEqualTo(200);
      await().atMost(EventRecorder.PATIENCE).until(() -> service.events().listenerCount() == 1);

      long seq = longField(http.pushOne("todo", put("todo:1", "x", 0)), "seq");

      events.awaitChange(seq);
    }
  }

  @Test
  void events_endWhenTheApplicationStops() throws Exception {
    startApp(ServerMetrics.prometheus());
    try (EventRecorder events = EventRecorder.open(http, "/app/api/sync/events?group=todo")) {
      await().atMost(EventRecorder.PATIENCE).until(() -> service.events().listenerCount() == 1);

      jetty.stop();

      events.awaitEnd();
      await().atMost(EventRecorder.PATIENCE).until(() -> service.events().listenerCount() == 0);
    }
  }

  @Test
  void appServlet_stillAnswers() throws Exception {
    startApp(ServerMetrics.prometheus());
    http.pushOne("todo", put("todo:1", "x", 0));

    HttpResponse<String> hello =
        http.client().send(http.request("/app/hello").GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello from the app");
  }

  @Test
  void unknownPathUnderTheMount_is404WithTransitError() throws Exception {
    startApp(ServerMetrics.prometheus());

    Reply reply = http.get("/app/api/sync/nope");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.get("error")).isEqualTo(kw("not-found"));
  }

  @Test
  void metrics_goToTheApplicationsOwnRegistry() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    startApp(new ServerMetrics(registry));

    long seq = longField(http.pushOne("todo", put("todo:1", "x", 0)), "seq");
    System.gc();

    assertThat(registry.get("atomsync.changes").tag("status", "ok").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("atomsync.last.seq").gauge().value()).isEqualTo((double) seq);
  }
}
