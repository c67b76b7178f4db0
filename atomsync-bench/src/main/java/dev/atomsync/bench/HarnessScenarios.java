package dev.atomsync.bench;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs each scenario of the harness for one round: the limit first, then AtomSync, then the
 * peers, and records every figure under a key that {@link HarnessReport} and {@link HarnessChart}
 * know.
 */
final class HarnessScenarios implements AutoCloseable {
  private final HarnessBench.HarnessConfig config;
  private final List<Map<Object, Object>> values;
  private final List<byte[]> encoded;

  private HarnessScenarios(HarnessBench.HarnessConfig config, List<Map<Object, Object>> values) {
    this.config = config;
    this.values = values;
    this.encoded = new ArrayList<>(values.size());
    for (Map<Object, Object> value : values) {
      encoded.add(Codec.standard().encode(value, WireFormat.JSON));
    }
  }

  static HarnessScenarios open(HarnessBench.HarnessConfig config, List<Map<Object, Object>> values) {
    return new HarnessScenarios(config, values);
  }

  /** One small untimed pass of AtomSync's scenarios, so the JIT has compiled the hot paths. */
  void warmUp() throws Exception {
    Path dir = Files.createTempDirectory("atomsync-harness-warmup");
    try {
      System.out.println("warming up...");
      if (config.runs('A')) {
        LocalWriteBench.swapsPerSecond(1, 5_000, dir);
        LocalWriteBench.swapsPerSecond(8, 5_000, dir);
      }
      if (config.runs('B')) {
        SyncLegsBench.measure(dir, values.subList(0, Math.min(values.size(), 20_000)));
      }
      if (config.runs('C')) {
        PropagationBench.runRound(100, 100);
      }
    } finally {
      SwapBenchmark.deleteTree(dir);
    }
  }

  void run(int round, Path dir, Figures figures) throws Exception {
    if (config.runs('A') || config.runs('F')) {
      localWrites(round, dir, figures);
    }
    if (config.runs('B') || config.runs('F')) {
      syncLegs(round, dir, figures);
    }
    if (config.runs('C')) {
      propagation(round, figures);
    }
  }

  private void localWrites(int round, Path dir, Figures figures) throws Exception {
    int docs = config.localDocs();
    report(figures, round, "F.rowTx", LocalWriteBench.rawInsertsPerSecond(docs, dir), "rows/s",
        "limit: SQLite one transaction per row");
    if (!config.runs('A')) {
      return;
    }
    report(figures, round, "A.ours.1", LocalWriteBench.swapsPerSecond(1, docs, dir), "docs/s",
        "AtomSync swap, 1 thread");
    report(figures, round, "A.ours.8", LocalWriteBench.swapsPerSecond(8, docs, dir), "docs/s",
        "AtomSync swap, 8 threads");
  }

  private void syncLegs(int round, Path dir, Figures figures) throws Exception {
    Path raw = dir.resolve("raw-batched.db");
    report(figures, round, "F.batched", RawSqlite.insertBatched(raw, encoded, 1_000), "rows/s",
        "limit: SQLite batched inserts (1,000 a transaction)");
    report(figures, round, "F.scan", RawSqlite.rangeScan(raw, encoded.size()), "rows/s",
        "limit: SQLite range scan");
    if (!config.runs('B')) {
      return;
    }
    SyncLegs ours = SyncLegsBench.measure(dir, values);
    report(figures, round, "B.ours.push", ours.pushDocsPerSecond(), "docs/s",
        "AtomSync client A -> server");
    report(figures, round, "B.ours.pull", ours.pullDocsPerSecond(), "docs/s",
        "AtomSync fresh client B <- server");
  }

  private void propagation(int round, Figures figures) throws Exception {
    PropagationBench.Round ours = PropagationBench.runRound(config.samples(), 200);
    percentiles(figures, round, "C.ours", ours.ours(), "AtomSync swap -> watch");
    double[] floor = new double[ours.rawPush().length];
    for (int i = 0; i < floor.length; i++) {
      floor[i] = ours.rawPush()[i] + ours.rawPull()[i];
    }
    percentiles(figures, round, "F.pushPull", floor, "limit: bare HTTP push + pull round trips");
  }

  private static void percentiles(Figures figures, int round, String key, double[] samples,
      String what) {
    for (int p : new int[] {50, 95, 99}) {
      figures.put(key + ".p" + p, round, Measures.pct(samples, p));
    }
    System.out.printf("  %-50s p50 %.2f  p95 %.2f  p99 %.2f ms%n", what,
        Measures.pct(samples, 50), Measures.pct(samples, 95), Measures.pct(samples, 99));
  }

  private static void report(Figures figures, int round, String key, double value, String unit,
      String what) {
    figures.put(key, round, value);
    System.out.printf("  %-50s %,12.0f %s%n", what, value, unit);
  }

  @Override
  public void close() {}
}
