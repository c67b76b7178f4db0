package dev.atomsync.it.testing;

import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.Users;
import dev.atomsync.server.sqlite.SqliteStore;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * A real AtomSync server on 127.0.0.1 over an SQLite file, that a test can stop and start again on
 * the same file.
 *
 * <p>The first start takes a free port below the ephemeral range (see {@link Ports} for why not port
 * 0); {@link #start()} after {@link #stop()} binds the same port again, so clients that point at
 * {@link #syncUri()} reconnect by themselves. {@link #restartOnNewPort()} is for the rare test that
 * wants the old address to stay dead. Not thread-safe: one test drives it.
 */
public final class SyncServer implements AutoCloseable {
  private final Path db;
  private final Users users;
  private int port;
  private @Nullable AtomSyncServer running;

  private SyncServer(Path db, Users users) {
    this.db = db;
    this.users = users;
    this.running = launchOnFreePort();
    this.port = running.port();
  }

  /** Starts an open-mode server on {@code db}. */
  public static SyncServer start(Path db) {
    return start(db, Users.open());
  }

  /** Starts a server on {@code db} that lets in {@code users}. */
  public static SyncServer start(Path db, Users users) {
    return new SyncServer(db, users);
  }

  private AtomSyncServer launchOnFreePort() {
    IllegalStateException taken = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        return launch(Ports.belowEphemeralRange());
      } catch (IllegalStateException e) {
        if (!isBindFailure(e)) {
          throw e;
        }
        taken = e;
      }
    }
    throw taken;
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private AtomSyncServer launch(int onPort) {
    ServerOptions options =
        ServerOptions.builder()
            .host("127.0.0.1")
            .port(onPort)
            .users(users)
            // A stop waits for requests in flight; none of ours takes long.
            .shutdownTimeout(Duration.ofSeconds(5))
            .build();
    return AtomSyncServer.start(SqliteStore.open(db, InstantSource.system()), options);
  }

  /** Returns the port the server listens on, or listened on last when stopped. */
  public int port() {
    return port;
  }

  /** Returns the sync endpoint; it stays the same across {@link #stop()} and {@link #start()}. */
  public URI syncUri() {
    return URI.create("http://127.0.0.1:" + port + "/sync");
  }

  /** Returns the root URI, e.g. {@code http://127.0.0.1:41234/}. */
  public URI root() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Returns the server's SQLite file. */
  public Path db() {
    return db;
  }

  /** Returns whether the server is running. */
  public boolean isRunning() {
    return running != null;
  }

  /** Returns the running server. */
  public AtomSyncServer node() {
    if (running == null) {
      throw new IllegalStateException("server is stopped");
    }
    return running;
  }

  /** Returns how many pulls the running server has answered since it started. */
  public long pulls() {
    return node().metrics().registry().get("atomsync.pull").timer().count();
  }

  /** Returns how many live-event streams the running server has open. */
  public int liveListeners() {
    return node().service().events().listenerCount();
  }

  /** Returns a wire client for this server, without a token. */
  public WireClient wire() {
    return new WireClient(root(), null);
  }

  /** Returns a wire client for this server that sends {@code token}. */
  public WireClient wire(String token) {
    return new WireClient(root(), token);
  }

  /**
   * Stops the server gracefully and closes its store; connections to the port are refused from now
   * on. Does nothing when already stopped.
   */
  public void stop() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  /**
   * Starts the server again on the same file and port.
   *
   * @throws IllegalStateException when it is running
   */
  public void start() {
    if (running != null) {
      throw new IllegalStateException("server is already running on port " + port);
    }
    running = launch(port);
  }

  /** Stops the server and starts it again on the same file and port. */
  public void restart() {
    stop();
    start();
  }

  /** Stops the server and starts it again on the same file and a new free port. */
  public void restartOnNewPort() {
    stop();
    running = launchOnFreePort();
    port = running.port();
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "SyncServer[" + syncUri() + (running == null ? ", stopped" : "") + ", " + db + "]";
  }
}
