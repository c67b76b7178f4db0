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
 * for the same bytes, in one run; prints medians of several rounds and the ratios.
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
    double[] pushRatio = new double[rounds];
    double[] pullRatio = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createTempDirectory("atomsync-bench");
      try {
        rawInsert[round] = RawSqlite.insertBatched(dir.resolve("raw.db"), encoded, batch);
        rawScan[round] = RawSqlite.rangeScan(dir.resolve("raw.db"), docs);
        try (AtomSyncServer server =
            AtomSyncServer.start(
                SqliteStore.open(dir.resolve("server.db"), InstantSource.system()),
                ServerOptions.builder().host("127.0.0.1").port(0).build())) {
          SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
          push[round] = sync.push("bench", values, batch);
          pull[round] = sync.pullAll("bench", docs, pullLimit);
        }
        pushRatio[round] = push[round] / rawInsert[round];
        pullRatio[round] = pull[round] / rawScan[round];
        System.out.printf(
            "round %d: raw insert %,.0f rows/s, push %,.0f docs/s (%.0f%%); raw scan %,.0f rows/s,"
                + " pull %,.0f docs/s (%.0f%%)%n",
            round + 1, rawInsert[round], push[round], 100 * pushRatio[round], rawScan[round],
            pull[round], 100 * pullRatio[round]);
      } finally {
        deleteTree(dir);
      }
    }
    System.out.println();
    System.out.println("| leg | AtomSync docs/s | raw SQLite rows/s (limit) | AtomSync ÷ limit |");
    System.out.println("| --- | --- | --- | --- |");
    System.out.printf("| push, batches of %,d | %s | %s | %.0f%% (min %.0f%%, max %.0f%%) |%n",
        batch, Stats.of(push).format(), Stats.of(rawInsert).format(),
        100 * Stats.of(pushRatio).median(), 100 * Stats.of(pushRatio).min(),
        100 * Stats.of(pushRatio).max());
    System.out.printf("| pull, pages of %,d | %s | %s | %.0f%% (min %.0f%%, max %.0f%%) |%n",
        pullLimit, Stats.of(pull).format(), Stats.of(rawScan).format(),
        100 * Stats.of(pullRatio).median(), 100 * Stats.of(pullRatio).min(),
        100 * Stats.of(pullRatio).max());
  }

  private static void warmUp(
      List<Map<Object, Object>> values, List<byte[]> encoded, int batch, WireFormat format)
      throws Exception {
    Path dir = Files.createTempDirectory("atomsync-warmup");
    try {
      RawSqlite.insertBatched(dir.resolve("raw.db"), encoded, batch);
      RawSqlite.rangeScan(dir.resolve("raw.db"), encoded.size());
      try (AtomSyncServer server =
          AtomSyncServer.start(
              SqliteStore.open(dir.resolve("server.db"), InstantSource.system()),
              ServerOptions.builder().host("127.0.0.1").port(0).build())) {
        SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
        sync.push("warmup", values, batch);
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
