package dev.atomsync.it.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The server CLI ({@code atomsync server --port P --db F}, or {@code --postgres URL} for a node on
 * a PostgreSQL database) in a JVM of its own on 127.0.0.1, that a test can kill with SIGKILL and
 * start again on the same store and port. Its output goes to files beside the database file, or
 * beside the path given for the logs of a PostgreSQL node. Not thread-safe: one test drives it.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final Path db;
  private final @Nullable String postgres;
  private int port;
  private int starts;
  private @Nullable Process process;

  private ServerProcess(Path db, @Nullable String postgres) {
    this.db = db;
    this.postgres = postgres;
  }

  /** Starts a server process on {@code db} on a free port below the ephemeral range. */
  public static ServerProcess start(Path db) {
    return startOnFreePort(new ServerProcess(db, null));
  }

  /**
   * Starts a node process on the PostgreSQL database at {@code jdbcUrl} on a free port below the
   * ephemeral range, with its logs named after {@code logs}.
   */
  public static ServerProcess startPostgres(String jdbcUrl, Path logs) {
    return startOnFreePort(new ServerProcess(logs, jdbcUrl));
  }

  private static ServerProcess startOnFreePort(ServerProcess server) {
    AssertionError failed = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      server.port = Ports.belowEphemeralRange();
      try {
        server.start();
        return server;
      } catch (AssertionError portTaken) {
        server.kill();
        failed = portTaken;
      }
    }
    throw failed;
  }

  /**
   * Starts the process again on the same file and port, and waits until it answers {@code
   * /health}.
   *
   * @throws IllegalStateException when it is running
   */
  public void start() {
    if (process != null) {
      throw new IllegalStateException("server process is already running on port " + port);
    }
    starts++;
    Path log = db.resolveSibling(db.getFileName() + "." + starts + ".log");
    List<String> command = new ArrayList<>(ChildJvm.javaCommand());
    command.addAll(List.of("dev.atomsync.server.cli.Main", "server",
        "--host", "127.0.0.1", "--port", String.valueOf(port)));
    command.addAll(
        postgres == null ? List.of("--db", db.toString()) : List.of("--postgres", postgres));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    awaitHealthy(log);
  }

  /** Kills the process with SIGKILL, as a crash: no shutdown hook runs; waits until it is gone. */
  public void kill() {
    Process running = process;
    if (running == null) {
      return;
    }
    process = null;
    running.destroyForcibly();
    try {
      if (!running.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("server process did not die within " + PATIENCE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Returns how many times the process was started. */
  public int starts() {
    return starts;
  }

  /** Returns the sync endpoint; it stays the same across restarts. */
  public URI syncUri() {
    return URI.create("http://127.0.0.1:" + port + "/sync");
  }

  /**
   * Returns the server's SQLite file.
   *
   * @throws IllegalStateException when the server is a PostgreSQL node
   */
  public Path db() {
    if (postgres != null) {
      throw new IllegalStateException("a PostgreSQL node has no SQLite file: " + this);
    }
    return db;
  }

  /** Returns what the server's store says it applied to {@code group}; kill the server first. */
  public ServerLedger ledger(String group) {
    return postgres == null
        ? ServerLedger.read(db, group)
        : ServerLedger.readPostgres(postgres, group);
  }

  /** Returns a wire client for this server, without a token. */
  public WireClient wire() {
    return WireClient.at(URI.create("http://127.0.0.1:" + port + "/"));
  }

  private void awaitHealthy(Path log) {
    URI health = URI.create("http://127.0.0.1:" + port + "/health");
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try (HttpClient http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2)).build()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError("server process exited with " + process.exitValue() + ": "
              + read(log));
        }
        try {
          HttpResponse<Void> response = http.send(
              HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // Not listening yet.
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    throw new AssertionError("server did not answer /health within " + PATIENCE + ": " + read(log));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    kill();
  }

  @Override
  public String toString() {
    return "ServerProcess[" + syncUri() + (process == null ? ", killed" : "") + ", "
        + (postgres == null ? db : "PostgreSQL") + "]";
  }
}
