package dev.atomsync.bench;

import static dev.atomsync.bench.Measures.require;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The peers AtomSync is measured beside, run as Node.js processes: PouchDB (LevelDB adapter,
 * express-pouchdb server) and Yjs (y-websocket server). Each call starts what it needs on
 * 127.0.0.1 with a free port and fresh temporary directories, runs one client script that times
 * only the measured part, and stops everything it started, descendants included. Not thread-safe:
 * one measurement at a time.
 *
 * <pre>{@code
 * try (Peers peers = Peers.install(repoRoot)) {
 *   double putsPerSecond = peers.pouchPut(20_000, 1);
 * }
 * }</pre>
 */
final class Peers implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** Bounds one client script; generous because the machine is shared and may be slow. */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

  private final Path home;
  private final Set<PeerProcess> running = ConcurrentHashMap.newKeySet();
  private final Set<Path> tempDirs = ConcurrentHashMap.newKeySet();
  /** Stops the node processes when the JVM exits early (Ctrl-C) instead of orphaning them. */
  private final Thread stopAtExit = new Thread(this::stopRunning, "peers-stop-at-exit");

  private Peers(Path home) {
    this.home = home;
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /**
   * Copies the peer scripts into {@code <repoRoot>/.bench-peers} and runs {@code npm install}
   * there if {@code package.json} changed since the last install.
   *
   * @throws IllegalStateException if node or npm is missing or the install fails
   */
  static Peers install(Path repoRoot) {
    return new Peers(PeerInstall.prepare(repoRoot));
  }

  /**
   * PouchDB {@code put} of {@code docs} new documents into a local LevelDB database, by
   * {@code concurrency} put loops in one process, each awaiting its put; returns docs/s.
   */
  double pouchPut(int docs, int concurrency) {
    require(docs > 0, "docs must be positive, got " + docs);
    require(concurrency > 0, "concurrency must be positive, got " + concurrency);
    Path dir = tempDir("pouch-put");
    try {
      return positive(run(PeerProcess.node(home, "pouch-put.js", dir, docs, concurrency)),
          "docsPerSecond");
    } finally {
      delete(dir);
    }
  }

  /**
   * PouchDB replication of {@code docs} documents: local A (filled untimed) to the server, then a
   * fresh local B from the server; returns both legs in docs/s.
   */
  SyncLegs pouchReplication(int docs) {
    require(docs > 0, "docs must be positive, got " + docs);
    Path serverDir = tempDir("pouch-server");
    Path clientDir = tempDir("pouch-replicate");
    try {
      JsonNode result = withServer("http", "pouch-server.js", List.of(0, serverDir),
          url -> run(PeerProcess.node(home, "pouch-replicate.js", url, clientDir, docs)));
      return new SyncLegs(positive(result, "pushDocsPerSecond"),
          positive(result, "pullDocsPerSecond"));
    } finally {
      delete(clientDir);
      delete(serverDir);
    }
  }

  /**
   * PouchDB live sync: A's put to B's live changes feed, both syncing live with one server, one
   * sample at a time; returns the latencies in ms of the {@code samples} after {@code warmUp}.
   */
  double[] pouchLive(int samples, int warmUp) {
    requireSamples(samples, warmUp);
    Path serverDir = tempDir("pouch-server");
    Path clientDir = tempDir("pouch-live");
    try {
      JsonNode result = withServer("http", "pouch-server.js", List.of(0, serverDir),
          url -> run(PeerProcess.node(home, "pouch-live.js", url, clientDir, samples, warmUp)));
      return samplesMs(result, samples);
    } finally {
      delete(clientDir);
      delete(serverDir);
    }
  }

  /**
   * Yjs through y-websocket: A's {@code Y.Map} set to B's observer, one sample at a time; returns
   * the latencies in ms of the {@code samples} after {@code warmUp}.
   */
  double[] yjsLive(int samples, int warmUp) {
    requireSamples(samples, warmUp);
    JsonNode result = withServer("ws", "yjs-server.js", List.of(0),
        url -> run(PeerProcess.node(home, "yjs-live.js", url, samples, warmUp)));
    return samplesMs(result, samples);
  }

  /** Stops every process a call left running (normally none: each call stops its own). */
  @Override
  public void close() {
    stopRunning();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }

  private void stopRunning() {
    running.forEach(PeerProcess::close);
    running.clear();
    tempDirs.forEach(this::delete);
  }

  /** Starts a server script, waits for its ready line, runs body with its URL, stops it. */
  private JsonNode withServer(String scheme, String script, List<Object> args,
      Function<String, JsonNode> body) {
    PeerProcess server = PeerProcess.node(home, script, args.toArray());
    running.add(server);
    try (server) {
      return body.apply(scheme + "://127.0.0.1:" + server.awaitReadyPort(START_TIMEOUT));
    } finally {
      running.remove(server);
    }
  }

  private JsonNode run(PeerProcess client) {
    running.add(client);
    try (client) {
      return client.awaitResult(RUN_TIMEOUT);
    } finally {
      running.remove(client);
    }
  }

  private static double positive(JsonNode result, String field) {
    JsonNode value = result.get(field);
    require(value != null && value.isNumber() && value.doubleValue() > 0,
        "peer result has no positive '" + field + "': " + result);
    return value.doubleValue();
  }

  private static double[] samplesMs(JsonNode result, int samples) {
    JsonNode values = result.get("samplesMs");
    require(values != null && values.isArray() && values.size() == samples,
        "peer result has not " + samples + " samplesMs: " + result);
    double[] ms = new double[samples];
    for (int i = 0; i < samples; i++) {
      ms[i] = values.get(i).doubleValue();
    }
    return ms;
  }

  private static void requireSamples(int samples, int warmUp) {
    require(samples > 0, "samples must be positive, got " + samples);
    require(warmUp >= 0, "warmUp must not be negative, got " + warmUp);
  }

  private Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory("atomsync-peers-" + prefix);
      tempDirs.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes one of this instance's temporary directories; one caller wins, the rest return. */
  private void delete(Path dir) {
    if (!tempDirs.remove(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      PeerInstall.log("could not delete %s: %s", dir, e);
    }
  }

}
