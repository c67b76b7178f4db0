package dev.atomsync.server.testing;

import dev.atomsync.core.Codec;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.sqlite.SqliteStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A real server on 127.0.0.1 and a free port, over an SQLite file, for tests. {@link #restart()}
 * stops it and starts a new one on the same file and port.
 *
 * <p>Clients from {@link #http()} are closed before the server stops: Jetty gives idle keep-alive
 * connections a second to go away on shutdown, which would otherwise cost every test a second.
 */
public final class TestServer implements AutoCloseable {
  private final Path db;
  private final InstantSource clock;
  private final UnaryOperator<ServerOptions.Builder> configure;
  private final List<TransitHttp> clients = new CopyOnWriteArrayList<>();
  private AtomSyncServer server;

  private TestServer(Path db, InstantSource clock, UnaryOperator<ServerOptions.Builder> configure) {
    this.db = db;
    this.clock = clock;
    this.configure = configure;
    this.server = start(0);
  }

  /** Starts an open-mode server on {@code db}. */
  public static TestServer start(Path db) {
    return start(db, b -> b);
  }

  /** Starts a server on {@code db} with options adjusted by {@code configure}. */
  public static TestServer start(Path db, UnaryOperator<ServerOptions.Builder> configure) {
    return new TestServer(db, InstantSource.system(), configure);
  }

  /** Starts a server on {@code db} whose store reads time from {@code clock}. */
  public static TestServer start(
      Path db, InstantSource clock, UnaryOperator<ServerOptions.Builder> configure) {
    return new TestServer(db, clock, configure);
  }

  private AtomSyncServer start(int port) {
    ServerOptions options = configure.apply(ServerOptions.builder().host("127.0.0.1").port(port)).build();
    return AtomSyncServer.start(SqliteStore.open(db, clock), options);
  }

  /** Returns the root URI, e.g. {@code http://127.0.0.1:41234/}. */
  public URI root() {
    return URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  /** Returns the port the server listens on. */
  public int port() {
    return server.port();
  }

  /** Returns a Transit client for this server; it is closed when the server stops. */
  public TransitHttp http() {
    return http(Codec.standard());
  }

  /** Returns a Transit client for this server that sends {@code token}. */
  public TransitHttp http(String token) {
    return http().token(token);
  }

  /** Returns a Transit client for this server that encodes and decodes with {@code codec}. */
  public TransitHttp http(Codec codec) {
    TransitHttp client = new TransitHttp(root(), codec);
    clients.add(client);
    return client;
  }

  /** Returns the running server. */
  public AtomSyncServer server() {
    return server;
  }

  /** Returns the database file. */
  public Path db() {
    return db;
  }

  /** Stops the server (closing its store) and starts a new one on the same file and port. */
  public void restart() {
    int port = server.port();
    closeClients();
    server.close();
    server = start(port);
  }

  @Override
  public void close() {
    closeClients();
    server.close();
  }

  private void closeClients() {
    clients.forEach(TransitHttp::close);
    clients.clear();
  }
}
