package dev.atomsync.bench;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.atomsync.server.AtomSyncServer;
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
  private final Peers peers;

  private HarnessScenarios(HarnessBench.HarnessConfig config, List<Map<Object, Object>> values,
      Peers peers) {
    this.config = config;
    this.peers = peers;
    this.values = values;
    this.encoded = new ArrayList<>(values.size());
    for (Map<Object, Object> value : values) {
      encoded.add(Codec.standard().encode(value, WireFormat.JSON));
    }
  }

  static HarnessScenarios open(HarnessBench.HarnessConfig config, List<Map<Object, Object>> values) {
    return new HarnessScenarios(config, values,
        config.peers() ? Peers.install(Path.of("").toAbsolutePath()) : null);
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
      if (config.runs('E')) {
        warmUpPulls(dir);
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
    if (config.runs('D')) {
      for (int clients : config.liveClients()) {
        LiveClientsBench.LiveFanout fanout = LiveClientsBench.measure(clients, 5);
        report(figures, round, "D." + clients + ".heap", fanout.heapBytes() / 1048576.0, "MiB",
            clients + " live clients: heap after GC");
        report(figures, round, "D." + clients + ".rss", fanout.rssBytes() / 1048576.0, "MiB",
            clients + " live clients: RSS");
        report(figures, round, "D." + clients + ".fanout", fanout.allMs(), "ms",
            clients + " live clients: one write reaches all");
      }
    }
    if (config.runs('E')) {
      pulls(round, dir, figures);
    }
  }

  /**
   * Scenario E's pulls, untimed, long enough for the JIT: measured here, the first seconds of
   * 64 connections ran at a third to half of the rate they reached after ten.
   */
  private static void warmUpPulls(Path dir) throws Exception {
    try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("pulls-warmup.db"))) {
      long cursor = PullLoad.fill(server);
      for (String kind : List.of("few", "empty", "few", "empty")) {
        PullLoad.measure(server.port(), pullTarget(kind, cursor), WireFormat.MSGPACK.mediaType(),
            64, Duration.ofSeconds(1), Duration.ofSeconds(3));
      }
    }
  }

  private static String pullTarget(String kind, long cursor) {
    return "/sync?group=" + PullLoad.GROUP + "&since=" + (kind.equals("few") ? cursor - 5 : cursor)
        + "&limit=1000&horizon=0";
  }

  /** Scenario E: msgpack pulls on 64 connections, ours and bare Jetty with the same bytes. */
  private void pulls(int round, Path dir, Figures figures) throws Exception {
    String msgpack = WireFormat.MSGPACK.mediaType();
    Duration warmUp = Duration.ofSeconds(2);
    Duration counted = Duration.ofSeconds(5);
    try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("pulls.db"));
        BareJetty bare = BareJetty.start()) {
      long cursor = PullLoad.fill(server);
      for (String kind : List.of("few", "empty")) {
        String target = pullTarget(kind, cursor);
        try (KeepAliveGetter getter = new KeepAliveGetter(server.port(), target, msgpack)) {
          getter.get(true);
          bare.answer(target, msgpack, getter.lastBody());
        }
        report(figures, round, "E.limit." + kind,
            PullLoad.measure(bare.port(), target, msgpack, 64, warmUp, counted).pullsPerSecond(),
            "req/s", "limit: bare Jetty, same bytes (" + kind + ")");
        report(figures, round, "E.ours." + kind,
            PullLoad.measure(server.port(), target, msgpack, 64, warmUp, counted).pullsPerSecond(),
            "pulls/s", "AtomSync GET /sync (" + kind + ")");
      }
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
    if (peers != null) {
      report(figures, round, "A.pouch.1", peers.pouchPut(docs, 1), "docs/s", "PouchDB put, 1");
      report(figures, round, "A.pouch.8", peers.pouchPut(docs, 8), "docs/s", "PouchDB put, 8");
    }
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
    if (peers != null) {
      SyncLegs pouch = peers.pouchReplication(values.size());
      report(figures, round, "B.pouch.push", pouch.pushDocsPerSecond(), "docs/s",
          "PouchDB replication A -> server");
      report(figures, round, "B.pouch.pull", pouch.pullDocsPerSecond(), "docs/s",
          "PouchDB replication server -> fresh B");
    }
  }

  private void propagation(int round, Figures figures) throws Exception {
    PropagationBench.Round ours = PropagationBench.runRound(config.samples(), 200);
    percentiles(figures, round, "C.ours", ours.ours(), "AtomSync swap -> watch");
    double[] floor = new double[ours.rawPush().length];
    for (int i = 0; i < floor.length; i++) {
      floor[i] = ours.rawPush()[i] + ours.rawPull()[i];
    }
    percentiles(figures, round, "F.pushPull", floor, "limit: bare HTTP push + pull round trips");
    if (peers != null) {
      percentiles(figures, round, "C.pouch", peers.pouchLive(config.samples(), 100),
          "PouchDB live sync");
      percentiles(figures, round, "C.yjs", peers.yjsLive(config.samples(), 100), "Yjs");
    }
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
  public void close() {
    if (peers != null) {
      peers.close();
    }
  }
}
