package dev.atomsync.bench;

import static dev.atomsync.bench.Measures.loadAverage;
import static dev.atomsync.bench.Measures.pct;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Runs each peer measurement of {@link Peers} once and prints it, so the peer side can be checked
 * alone; the end-to-end harness puts the same figures beside AtomSync's. Run from the repository
 * root (as {@code ./atomsync bench} does).
 *
 * <pre>{@code ./atomsync bench peers [docs=20000] [samples=300]}</pre>
 */
public final class PeersBench {
  private static final int WARM_UP = 100;

  private PeersBench() {}

  public static void main(String[] args) {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Path repoRoot = Path.of("").toAbsolutePath();
    try (Peers peers = Peers.install(repoRoot)) {
      System.out.printf("peers: PouchDB (LevelDB, express-pouchdb) and Yjs (y-websocket); %,d docs,"
              + " %d samples after %d warm-up; %s UTC, %d cores, load %s%n", docs, samples,
          WARM_UP, ZonedDateTime.now(ZoneOffset.UTC).withNano(0).toLocalDateTime(),
          Runtime.getRuntime().availableProcessors(), loadAverage());
      System.out.printf("  %-48s %,10.0f docs/s%n", "A. PouchDB put, 1 at a time",
          peers.pouchPut(docs, 1));
      System.out.printf("  %-48s %,10.0f docs/s%n", "A. PouchDB put, 8 concurrent loops",
          peers.pouchPut(docs, 8));
      SyncLegs legs = peers.pouchReplication(docs);
      System.out.printf("  %-48s %,10.0f docs/s%n", "B. PouchDB replicate A -> server (push)",
          legs.pushDocsPerSecond());
      System.out.printf("  %-48s %,10.0f docs/s%n", "B. PouchDB replicate server -> fresh B (pull)",
          legs.pullDocsPerSecond());
      latencies("C. PouchDB live sync, A put -> B changes", peers.pouchLive(samples, WARM_UP));
      latencies("C. Yjs y-websocket, A map set -> B observe", peers.yjsLive(samples, WARM_UP));
      System.out.printf("  (load at the end %s)%n", loadAverage());
    }
  }

  private static void latencies(String name, double[] ms) {
    System.out.printf("  %-48s p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f ms%n", name,
        pct(ms, 50), pct(ms, 95), pct(ms, 99), pct(ms, 100));
  }
}
