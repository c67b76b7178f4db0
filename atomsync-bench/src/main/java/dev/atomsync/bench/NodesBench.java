package dev.atomsync.bench;

import static dev.atomsync.bench.Measures.loadAverage;
import static dev.atomsync.bench.Measures.pct;

import dev.atomsync.core.WireFormat;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.postgres.PostgresStore;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.sqlite.SqliteStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;

/**
 * Scale-out beside the single node, in one run: two server nodes on one PostgreSQL database
 * (started embedded, on 127.0.0.1) beside one node on SQLite.
 *
 * <ul>
 *   <li>Pushes: {@code docs} new documents of about 200 bytes, split over two concurrent pushers
 *       (raw HTTP, as {@link SyncThroughput}), both on the SQLite node, or one on each PostgreSQL
 *       node; in batches of 100 changes and of 1 (what a client's debounced push sends).
 *   <li>Propagation, A's swap to B's watch ({@link NodePropagation}): A and B on the SQLite node;
 *       A on PostgreSQL node 1 and B on node 2, so the event crosses LISTEN/NOTIFY; both on node 1.
 * </ul>
 *
 * <p>Every round runs every scenario once, each on a fresh database, so a shared machine's load
 * moves all alike; ratios to SQLite are taken round by round, then summarised.
 *
 * <pre>{@code ./atomsync bench nodes [samples=1000] [rounds=3] [docs=10000] [warmup=200]}</pre>
 */
public final class NodesBench {
  private static final int[] BATCHES = {100, 1};
  private static final String[] PROPAGATION = {
    "SQLite, A and B on the one node",
    "PostgreSQL, A on node 1, B on node 2",
    "PostgreSQL, A and B on node 1",
  };

  private NodesBench() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int docs = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    Random random = new Random(42);
    List<Map<Object, Object>> values = new ArrayList<>(docs);
    for (int i = 0; i < docs; i++) {
      values.add(SampleDocs.todo(i, random));
    }
    try (BenchPostgres postgres = BenchPostgres.start()) {
      System.out.printf("nodes: %d rounds; pushes of %,d docs by 2 pushers in batches of 100 and"
              + " of 1; propagation %d samples after %d warm-up; %s UTC, JDK %s, %s, %d cores,"
              + " load %s%n", rounds, docs, samples, warmup,
          ZonedDateTime.now(ZoneOffset.UTC).withNano(0).toLocalDateTime(), Runtime.version(),
          postgres.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
      Scenarios scenarios = new Scenarios(postgres);
      // Untimed: the JIT compiles both stores' paths and the client's before the first round.
      for (int batch : BATCHES) {
        scenarios.pushes(false, values.subList(0, Math.min(docs, 2_000)), batch);
        scenarios.pushes(true, values.subList(0, Math.min(docs, 2_000)), batch);
      }
      for (int s = 0; s < PROPAGATION.length; s++) {
        scenarios.propagation(s, 0, warmup);
      }
      Map<String, double[][]> pushes = new LinkedHashMap<>(); // leg -> [sqlite, pg][round]
      for (int batch : BATCHES) {
        pushes.put(pushLeg(batch), new double[2][rounds]);
      }
      List<List<NodePropagation.Round>> propagation = new ArrayList<>();
      for (int s = 0; s < PROPAGATION.length; s++) {
        propagation.add(new ArrayList<>());
      }
      for (int r = 0; r < rounds; r++) {
        System.out.printf("%nround %d (load %s)%n", r + 1, loadAverage());
        for (int batch : BATCHES) {
          double[][] leg = pushes.get(pushLeg(batch));
          leg[0][r] = scenarios.pushes(false, values, batch);
          leg[1][r] = scenarios.pushes(true, values, batch);
          System.out.printf("  %s: SQLite %,.0f docs/s, PostgreSQL 2 nodes %,.0f docs/s (%.0f%%)%n",
              pushLeg(batch), leg[0][r], leg[1][r], 100 * leg[1][r] / leg[0][r]);
        }
        for (int s = 0; s < PROPAGATION.length; s++) {
          NodePropagation.Round round = scenarios.propagation(s, samples, warmup);
          propagation.get(s).add(round);
          System.out.printf("  %-40s p50 %6.2f  p95 %6.2f  p99 %6.2f ms; raw push p50 %.2f,"
                  + " raw pull p50 %.2f ms (load %s)%n", PROPAGATION[s], pct(round.ours(), 50),
              pct(round.ours(), 95), pct(round.ours(), 99), pct(round.rawPush(), 50),
              pct(round.rawPull(), 50), loadAverage());
        }
      }
      System.out.printf("%nload at the end: %s%n", loadAverage());
      printPushes(pushes);
      printPropagation(propagation);
    }
  }

  private static String pushLeg(int batch) {
    return "push, batches of " + batch;
  }

  /** Starts the servers of each scenario on fresh databases and runs it. */
  private record Scenarios(BenchPostgres postgres) {
    /** Pushes {@code values} over two concurrent pushers; returns docs/s. */
    double pushes(boolean onPostgres, List<Map<Object, Object>> values, int batch)
        throws Exception {
      Path dir = Files.createTempDirectory("atomsync-nodes");
      List<AtomSyncServer> nodes = onPostgres ? postgresNodes() : List.of(sqliteNode(dir));
      try {
        List<URI> pushers = List.of(nodes.get(0).syncUri(), nodes.get(nodes.size() - 1).syncUri());
        int half = values.size() / 2;
        List<List<Map<Object, Object>>> parts =
            List.of(values.subList(0, half), values.subList(half, values.size()));
        List<SyncThroughput> clients = new ArrayList<>();
        for (URI uri : pushers) {
          clients.add(new SyncThroughput(uri, WireFormat.MSGPACK));
        }
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
          List<Future<Double>> done = new ArrayList<>();
          for (int p = 0; p < 2; p++) {
            int pusher = p;
            // Each pusher its own group, so their document ids never meet.
            done.add(threads.submit(() -> clients.get(pusher)
                .push("bench-" + pusher, parts.get(pusher), batch, 1)));
          }
          for (Future<Double> f : done) {
            f.get();
          }
        }
        return values.size() / RawSqlite.seconds(start);
      } finally {
        nodes.forEach(AtomSyncServer::close);
        SwapBenchmark.deleteTree(dir);
      }
    }

    NodePropagation.Round propagation(int scenario, int samples, int warmup) throws Exception {
      Path dir = Files.createTempDirectory("atomsync-nodes");
      List<AtomSyncServer> nodes = scenario == 0 ? List.of(sqliteNode(dir)) : postgresNodes();
      try {
        AtomSyncServer nodeB = scenario == 1 ? nodes.get(1) : nodes.get(0);
        return NodePropagation.run(nodes.get(0), nodeB, samples, warmup);
      } finally {
        nodes.forEach(AtomSyncServer::close);
        SwapBenchmark.deleteTree(dir);
      }
    }

    private static AtomSyncServer sqliteNode(Path dir) {
      return start(SqliteStore.open(dir.resolve("server.db"), InstantSource.system()));
    }

    private List<AtomSyncServer> postgresNodes() throws Exception {
      String url = postgres.newDatabase();
      AtomSyncServer one = start(PostgresStore.open(url, InstantSource.system()));
      try {
        return List.of(one, start(PostgresStore.open(url, InstantSource.system())));
      } catch (RuntimeException e) {
        one.close();
        throw e;
      }
    }

    private static AtomSyncServer start(Store store) {
      return AtomSyncServer.start(store, ServerOptions.builder().host("127.0.0.1").port(0).build());
    }
  }

  private static void printPushes(Map<String, double[][]> pushes) {
    System.out.printf("%nPushes, 2 concurrent pushers (median of the rounds, min, max):%n");
    System.out.println("| leg | SQLite, 1 node: docs/s | pushes/s"
        + " | PostgreSQL, 2 nodes: docs/s | pushes/s | PostgreSQL ÷ SQLite |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (int i = 0; i < BATCHES.length; i++) {
      int batch = BATCHES[i];
      double[][] leg = pushes.get(pushLeg(batch));
      double[] ratio = new double[leg[0].length];
      double[] sqlitePushes = new double[ratio.length];
      double[] pgPushes = new double[ratio.length];
      for (int r = 0; r < ratio.length; r++) {
        ratio[r] = leg[1][r] / leg[0][r];
        sqlitePushes[r] = leg[0][r] / batch;
        pgPushes[r] = leg[1][r] / batch;
      }
      System.out.printf("| %s | %s | %s | %s | %s | %s |%n", pushLeg(batch),
          Stats.of(leg[0]).format(), Stats.of(sqlitePushes).format(), Stats.of(leg[1]).format(),
          Stats.of(pgPushes).format(), percent(Stats.of(ratio)));
    }
  }

  private static void printPropagation(List<List<NodePropagation.Round>> scenarios) {
    System.out.printf("%nPropagation A swap -> B watch, ms (median of the rounds' figure, min,"
        + " max); ratios to SQLite taken round by round:%n");
    System.out.println("| scenario | p50 | p95 | p99 | p50 ÷ SQLite | p99 ÷ SQLite"
        + " | raw push p50 (A's node) | raw pull p50 (B's node) |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    List<NodePropagation.Round> sqlite = scenarios.get(0);
    for (int s = 0; s < scenarios.size(); s++) {
      List<NodePropagation.Round> rounds = scenarios.get(s);
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s |%n", PROPAGATION[s],
          ms(each(rounds, r -> pct(r.ours(), 50))), ms(each(rounds, r -> pct(r.ours(), 95))),
          ms(each(rounds, r -> pct(r.ours(), 99))), times(ratio(rounds, sqlite, 50)),
          times(ratio(rounds, sqlite, 99)), ms(each(rounds, r -> pct(r.rawPush(), 50))),
          ms(each(rounds, r -> pct(r.rawPull(), 50))));
    }
    System.out.printf("%nSteps along the path: median of the rounds' p50 / rounds' p99, ms"
        + " (samples missing a mark left out):%n");
    StringBuilder header = new StringBuilder("| step |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (String name : PROPAGATION) {
      header.append(' ').append(name).append(" |");
      rule.append(" --- |");
    }
    System.out.println(header);
    System.out.println(rule);
    for (int step = 0; step < NodePropagation.STEPS.length; step++) {
      int index = step;
      StringBuilder row = new StringBuilder("| " + NodePropagation.STEPS[step] + " |");
      for (List<NodePropagation.Round> rounds : scenarios) {
        double p50 = Stats.of(each(rounds, r -> pct(r.step(index), 50))).median();
        String p99s = String.join(" / ", rounds.stream()
            .map(r -> String.format("%.2f", pct(r.step(index), 99))).toList());
        row.append(String.format(" %.2f / %s |", p50, p99s));
      }
      System.out.println(row);
    }
    for (int s = 0; s < scenarios.size(); s++) {
      System.out.printf("%s: missed marks in %s samples per round%n", PROPAGATION[s],
          String.join(" / ", scenarios.get(s).stream().map(r -> "" + r.missed()).toList()));
      System.out.printf("%s: B pulled in %s samples per round%n", PROPAGATION[s],
          String.join(" / ", scenarios.get(s).stream().map(r -> "" + r.pullsB()).toList()));
    }
  }

  private static double[] each(List<NodePropagation.Round> rounds,
      ToDoubleFunction<NodePropagation.Round> figure) {
    return rounds.stream().mapToDouble(figure).toArray();
  }

  private static double[] ratio(List<NodePropagation.Round> rounds,
      List<NodePropagation.Round> sqlite, double p) {
    double[] ratio = new double[rounds.size()];
    for (int r = 0; r < ratio.length; r++) {
      ratio[r] = pct(rounds.get(r).ours(), p) / pct(sqlite.get(r).ours(), p);
    }
    return ratio;
  }

  private static String ms(double[] values) {
    Stats s = Stats.of(values);
    return String.format("%.2f (%.2f–%.2f)", s.median(), s.min(), s.max());
  }

  private static String times(double[] values) {
    Stats s = Stats.of(values);
    return String.format("%.2f× (%.2f–%.2f)", s.median(), s.min(), s.max());
  }

  private static String percent(Stats s) {
    return String.format("%.0f%% (min %.0f%%, max %.0f%%)", 100 * s.median(), 100 * s.min(),
        100 * s.max());
  }
}
