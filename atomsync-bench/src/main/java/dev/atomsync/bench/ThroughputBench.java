package dev.atomsync.bench;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Push N documents of about 200 bytes in batches, then pull them all, beside the raw SQLite limit
 * for the same bytes, in one run; prints medians of several rounds and the ratios. Pushes are
 * measured on one connection (one request at a time) and on two concurrent connections, as
 * clients that push at the same time; each leg runs on a fresh server.
 *
 * <p>Arguments: {@code [docs=100000] [batch=1000] [rounds=3] [format=json|msgpack]}.
 */
public final class ThroughputBench {
  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    WireFormat format =
        args.length > 3 && args[3].equalsIgnoreCase("msgpack") ? WireFormat.MSGPACK : WireFormat.JSON;
    int pullLimit = 10_000;

    Random random = new Random(42);
    List<Map<Object, Object>> values = new ArrayList<>(docs);
    List<byte[]> encoded = new ArrayList<>(docs);
    for (int i = 0; i < docs; i++) {
      Map<Object, Object> value = SampleDocs.todo(i, random);
      values.add(value);
      encoded.add(Codec.standard().encode(value, WireFormat.JSON));
    }
    double avgBytes = encoded.stream().mapToInt(b -> b.length).average().orElse(0);
    System.out.printf(
        "ThroughputBench: %,d docs (avg %.0f bytes of Transit JSON), batches of %,d, %d rounds,"
            + " wire %s, synchronous=%s, %d cores, java %s%n",
        docs, avgBytes, batch, rounds, format, RawSqlite.synchronousMode(),
        Runtime.getRuntime().availableProcessors(), Runtime.version());

    // One small untimed round first, so the JIT has compiled the hot paths of both sides.
    warmUp(values.subList(0, Math.min(docs, 20_000)), encoded.subList(0, Math.min(docs, 20_000)),
        batch, format);

    double[] rawInsert = new double[rounds];
    double[] rawScan = new double[rounds];
    double[] push = new double[rounds];
    double[] pull = new double[rounds];
    double[] serverPush = new double[rounds];
    double[] serverPull = new double[rounds];
    double[] push2 = new double[rounds];
    double[] serverPush2 = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createTempDirectory("atomsync-bench");
      try {
        rawInsert[round] = RawSqlite.insertBatched(dir.resolve("raw.db"), encoded, batch);
        rawScan[round] = RawSqlite.rangeScan(dir.resolve("raw.db"), docs);
        try (AtomSyncServer server = startServer(dir.resolve("client.db"))) {
          SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
          push[round] = sync.push("bench", values, batch, 1);
          pull[round] = sync.pullAll("bench", docs, pullLimit);
        }
        try (AtomSyncServer server = startServer(dir.resolve("server-only.db"))) {
          SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
          List<byte[]> bodies = sync.encodePushes("bench", values, batch);
          serverPush[round] = sync.pushEncoded(bodies, docs, 1);
          serverPull[round] = sync.pullBytes("bench", docs, pullLimit);
        }
        try (AtomSyncServer server = startServer(dir.resolve("client-2.db"))) {
          push2[round] = new SyncThroughput(server.syncUri(), format).push("bench", values, batch, 2);
        }
        try (AtomSyncServer server = startServer(dir.resolve("server-only-2.db"))) {
          SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
          serverPush2[round] = sync.pushEncoded(sync.encodePushes("bench", values, batch), docs, 2);
        }
        System.out.printf(
            "round %d: raw insert %,.0f rows/s, raw scan %,.0f rows/s%n"
                + "  push, Java client: %,.0f docs/s (%.0f%%) on 1 connection, %,.0f (%.0f%%) on 2%n"
                + "  push, server only: %,.0f docs/s (%.0f%%) on 1 connection, %,.0f (%.0f%%) on 2%n"
                + "  pull: Java client %,.0f docs/s (%.0f%%), server only %,.0f docs/s (%.0f%%)%n",
            round + 1, rawInsert[round], rawScan[round],
            push[round], percent(push[round], rawInsert[round]),
            push2[round], percent(push2[round], rawInsert[round]),
            serverPush[round], percent(serverPush[round], rawInsert[round]),
            serverPush2[round], percent(serverPush2[round], rawInsert[round]),
            pull[round], percent(pull[round], rawScan[round]),
            serverPull[round], percent(serverPull[round], rawScan[round]));
      } finally {
        deleteTree(dir);
      }
    }
    String batches = String.format("%,d", batch);
    System.out.println();
    System.out.println("| leg | AtomSync docs/s | raw SQLite rows/s (limit) | AtomSync ÷ limit |");
    System.out.println("| --- | --- | --- | --- |");
    row("push, batches of " + batches + ", Java client, 1 connection", push, rawInsert);
    row("push, batches of " + batches + ", Java client, 2 connections", push2, rawInsert);
    row("push, server only (bodies pre-encoded), 1 connection", serverPush, rawInsert);
    row("push, server only (bodies pre-encoded), 2 connections", serverPush2, rawInsert);
    row("pull, pages of " + String.format("%,d", pullLimit) + ", Java client", pull, rawScan);
    row("pull, server only (bodies decoded after)", serverPull, rawScan);
  }

  private static AtomSyncServer startServer(Path file) {
    return AtomSyncServer.start(
        SqliteStore.open(file, InstantSource.system()),
        ServerOptions.builder().host("127.0.0.1").port(0).build());
  }

  private static double percent(double ours, double limit) {
    return 100 * ours / limit;
  }

  /** Prints a table row; ratios are taken round by round, then summarised. */
  private static void row(String leg, double[] ours, double[] limit) {
    double[] ratio = new double[ours.length];
    for (int i = 0; i < ours.length; i++) {
      ratio[i] = ours[i] / limit[i];
    }
    Stats r = Stats.of(ratio);
    System.out.printf("| %s | %s | %s | %.0f%% (min %.0f%%, max %.0f%%) |%n",
        leg, Stats.of(ours).format(), Stats.of(limit).format(),
        100 * r.median(), 100 * r.min(), 100 * r.max());
  }

  private static void warmUp(
      List<Map<Object, Object>> values, List<byte[]> encoded, int batch, WireFormat format)
      throws Exception {
    Path dir = Files.createTempDirectory("atomsync-warmup");
    try {
      RawSqlite.insertBatched(dir.resolve("raw.db"), encoded, batch);
      RawSqlite.rangeScan(dir.resolve("raw.db"), encoded.size());
      try (AtomSyncServer server = startServer(dir.resolve("server.db"))) {
        SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
        sync.push("warmup", values, batch, 1);
        sync.push("warmup2", values, batch, 2);
        sync.pullAll("warmup", values.size(), 10_000);
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
