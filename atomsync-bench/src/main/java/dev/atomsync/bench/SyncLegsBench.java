package dev.atomsync.bench;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.DocMap;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.server.AtomSyncServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario B of the harness, with real clients on both ends: client A holds {@code docs} new
 * documents written while offline (untimed), then is opened against a fresh server and timed
 * until its outbox is empty; then a fresh client B is opened and timed until it holds every
 * document. Both clients are {@code SyncedAtom}s on SQLite files, so each leg includes the
 * client's own store: A reads its outbox, B commits every pulled document, as PouchDB's
 * replication reads and writes its local LevelDB.
 */
final class SyncLegsBench {
  private static final String GROUP = "bench";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private SyncLegsBench() {}

  /**
   * Scenario B alone, for a quick before and after: {@code [docs] [rounds]}, two untimed rounds
   * first for the JIT, then each round's legs and their medians.
   */
  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Map<Object, Object>> values = HarnessBench.sampleValues(docs);
    System.out.printf("SyncLegsBench: %,d docs, 2 warm-up rounds, %d rounds, %d cores, java %s%n",
        docs, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());
    double[] push = new double[rounds];
    double[] pull = new double[rounds];
    for (int r = -2; r < rounds; r++) {
      Path dir = Files.createTempDirectory("atomsync-legs");
      try {
        SyncLegs legs = measure(dir, values);
        if (r >= 0) {
          push[r] = legs.pushDocsPerSecond();
          pull[r] = legs.pullDocsPerSecond();
          System.out.printf("round %d: A -> server %,.0f docs/s, server -> fresh B %,.0f docs/s%n",
              r + 1, push[r], pull[r]);
        }
      } finally {
        SwapBenchmark.deleteTree(dir);
      }
    }
    System.out.printf("A -> server        %s docs/s%n", Stats.of(push).format());
    System.out.printf("server -> fresh B  %s docs/s%n", Stats.of(pull).format());
  }

  /** Returns the push leg's and the pull leg's documents per second. */
  static SyncLegs measure(Path dir, List<Map<Object, Object>> values) throws Exception {
    Path fileA = dir.resolve("legs-a.db");
    writeOffline(fileA, values);
    try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("legs-server.db"))) {
      SyncOptions options = SyncOptions.server(server.syncUri()).pullInterval(Duration.ofSeconds(60));
      double push;
      long start = System.nanoTime();
      try (AtomSync a = AtomSync.open(fileA)) {
        SyncedAtom atom = a.atom(GROUP, options);
        while (atom.pendingCount() > 0) {
          atom.sync().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          checkTime(start, "A's push");
        }
        push = values.size() / RawSqlite.seconds(start);
      }
      double pull;
      start = System.nanoTime();
      try (AtomSync b = AtomSync.open(dir.resolve("legs-b.db"))) {
        SyncedAtom atom = b.atom(GROUP, options);
        atom.ready().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        while (atom.deref().size() < values.size()) {
          atom.sync().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          checkTime(start, "B's pull");
        }
        pull = values.size() / RawSqlite.seconds(start);
        Measures.require(atom.deref().size() == values.size(), "B holds " + atom.deref().size());
      }
      return new SyncLegs(push, pull);
    }
  }

  /** Writes every value in swaps of 1,000 while the atom's server cannot be reached. */
  private static void writeOffline(Path file, List<Map<Object, Object>> values) throws Exception {
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort() + "/sync");
    try (AtomSync a = AtomSync.open(file)) {
      SyncedAtom atom = a.atom(GROUP, SyncOptions.server(nowhere).pullInterval(Duration.ofSeconds(60)));
      for (int from = 0; from < values.size(); from += 1_000) {
        Map<String, Object> chunk = new HashMap<>();
        for (int i = from; i < Math.min(values.size(), from + 1_000); i++) {
          chunk.put(GROUP + ":" + i, values.get(i));
        }
        DocMap unused = atom.swap(m -> m.plusAll(chunk));
      }
      Measures.require(atom.pendingCount() == values.size(), "A has " + atom.pendingCount()
          + " pending, expected " + values.size());
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void checkTime(long start, String leg) {
    Measures.require(System.nanoTime() - start < TIMEOUT.toNanos(), leg + " took over " + TIMEOUT);
  }
}
