package dev.atomsync.server;

import dev.atomsync.server.internal.HealthServlet;
import dev.atomsync.server.internal.MetricsServlet;
import dev.atomsync.server.internal.TransitErrorHandler;
import dev.atomsync.server.spi.SharedStore;
import dev.atomsync.server.spi.Store;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone AtomSync server: {@link AtomSyncServlet} at {@code /sync}, plus {@code /health} and
 * {@code /metrics}, on Jetty.
 *
 * <p>{@link #close()} shuts down gracefully: it ends live-event streams, lets pushes in flight
 * finish (up to {@link ServerOptions#shutdownTimeout()}), then closes the store. Thread-safe.
 */
public final class AtomSyncServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AtomSyncServer.class);

  private final Server jetty;
  private final ServerConnector connector;
  private final SyncService service;
  private final ServerMetrics metrics;
  private boolean closed;

  private AtomSyncServer(Server jetty, ServerConnector connector, SyncService service,
      ServerMetrics metrics) {
    this.jetty = jetty;
    this.connector = connector;
    this.service = service;
    this.metrics = metrics;
  }

  /**
   * Starts a server on {@code store}; the server owns the store from now on and closes it. On a
   * {@link SharedStore}, the server's live events also report the pushes of other nodes.
   *
   * @throws IllegalStateException when the port cannot be bound
   */
  public static AtomSyncServer start(Store store, ServerOptions options) {
    SyncService service = new SyncService(store);
    if (store instanceof SharedStore shared) {
      // Pushes committed on other nodes reach this node's live-event clients too.
      shared.onOtherNodesPush(service.events()::publish);
    }
    ServerMetrics metrics = ServerMetrics.prometheus();
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("atomsync-http");
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(options.host());
    connector.setPort(options.port());
    jetty.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(
        new ServletHolder("sync", new AtomSyncServlet(service, options, metrics)), "/sync/*");
    context.addServlet(new ServletHolder("health", new HealthServlet(store)), "/health");
    context.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
    jetty.setHandler(new GracefulHandler(context));
    // URIs Jetty refuses before the servlet runs get the protocol's Transit error body too.
    jetty.setErrorHandler(new TransitErrorHandler());
    jetty.setStopTimeout(options.shutdownTimeout().toMillis());
    jetty.setStopAtShutdown(false);

    AtomSyncServer server = new AtomSyncServer(jetty, connector, service, metrics);
    try {
      jetty.start();
    } catch (Exception e) {
      server.closeQuietly();
      throw new IllegalStateException(
          "cannot start server on port " + options.port() + ": " + e.getMessage(), e);
    }
    if (options.users().isOpen()) {
      log.warn("*** OPEN DEVELOPMENT MODE: no users file, so anyone who reaches port {} may read"
          + " and write every group. Pass --users FILE to require tokens. ***", server.port());
    } else {
      log.info("{} users loaded; every /sync request needs a Bearer token", options.users().size());
    }
    return server;
  }

  /** Returns the port the server listens on (useful after asking for port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Returns the sync endpoint, for example {@code http://127.0.0.1:8090/sync}. */
  public URI syncUri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/sync");
  }

  /** Returns the service behind the HTTP binding. */
  public SyncService service() {
    return service;
  }

  /** Returns the server's meters. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** Stops accepting requests, finishes those in flight, and closes the store. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Live-event streams never end on their own; end them so graceful stop need not wait.
    service.events().close();
    closeQuietly();
    log.info("server stopped; store closed");
  }

  private void closeQuietly() {
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("error while stopping HTTP server", e);
    } finally {
      metrics.close();
      service.store().close();
    }
  }
}
