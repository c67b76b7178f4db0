package dev.atomsync.bench;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.AtomSyncServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Push N documents of about 200 bytes in batches, then pull them all, beside the raw SQLite limit
 * for the same bytes, in one run; prints medians of several rounds and the ratios. Each leg is
 * measured right after its limit (a shared machine's load then moves both alike) on a fresh
 * server. Pushes are measured on one connection (one request at a time) and on two concurrent
 * connections, as clients that push at the same time.
 *
 * <p>Arguments: {@code [docs=100000] [batch=1000] [rounds=3] [format=json|msgpack]}.
 */
public final class ThroughputBench {
  private static final int WARM_UP_PASSES = 5;

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
            + " wire %s, synchronous=%s, %d cores, java %s, load average %.1f%n",
        docs, avgBytes, batch, rounds, format, RawSqlite.synchronousMode(),
        Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());

    warmUp(values.subList(0, Math.min(docs, 20_000)), encoded.subList(0, Math.min(docs, 20_000)),
        batch, format);

    String batches = String.format("%,d", batch);
    Leg clientPush = new Leg("push, batches of " + batches + ", Java client, 1 connection", rounds);
    Leg clientPush2 = new Leg("push, batches of " + batches + ", Java client, 2 connections", rounds);
    Leg serverPush = new Leg("push, server only (bodies pre-encoded), 1 connection", rounds);
    Leg serverPush2 = new Leg("push, server only (bodies pre-encoded), 2 connections", rounds);
    Leg clientPull = new Leg("pull, pages of " + String.format("%,d", pullLimit) + ", Java client", rounds);
    Leg serverPull = new Leg("pull, server only (bodies decoded after)", rounds);
    Leg leanPush = new Leg("push, server only, lean HTTP client, 1 connection", rounds);
    Leg leanPush2 = new Leg("push, server only, lean HTTP client, 2 connections", rounds);
    Leg leanPull = new Leg("pull, server only, lean HTTP client", rounds);
    List<Leg> legs = List.of(clientPush, clientPush2, serverPush, serverPush2, leanPush, leanPush2,
        clientPull, serverPull, leanPull);
    for (int round = 0; round < rounds; round++) {
      Path dir = Files.createTempDirectory("atomsync-bench");
      try {
        // Each leg right after its limit: a fresh raw insert before each push, a scan of that
        // raw file before each pull.
        Path raw = dir.resolve("raw-client.db");
        clientPush.limit(round, RawSqlite.insertBatched(raw, encoded, batch));
        try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("client.db"))) {
          SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
          clientPush.ours(round, sync.push("bench", values, batch, 1));
          clientPush.codec(round, sync.takeCodecSeconds(), docs);
          clientPull.limit(round, RawSqlite.rangeScan(raw, docs));
          clientPull.ours(round, sync.pullAll("bench", docs, pullLimit));
          clientPull.codec(round, sync.takeCodecSeconds(), docs);
        }
        ServerOnly serverOnly = new ServerOnly(values, encoded, batch, pullLimit, format, dir, round);
        serverOnly.legs("server-only", serverPush, serverPull, 1, false);
        clientPush2.limit(round, RawSqlite.insertBatched(dir.resolve("raw-client-2.db"), encoded, batch));
        try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("client-2.db"))) {
          SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
          clientPush2.ours(round, sync.push("bench", values, batch, 2));
          clientPush2.codec(round, sync.takeCodecSeconds(), docs);
        }
        serverOnly.legs("server-only-2", serverPush2, null, 2, false);
        // The server-only legs again, measured with a bare socket client instead of java.net.http.
        serverOnly.legs("lean", leanPush, leanPull, 1, true);
        serverOnly.legs("lean-2", leanPush2, null, 2, true);
        System.out.printf("round %d%n", round + 1);
        for (Leg leg : legs) {
          System.out.println("  " + leg.round(round));
        }
      } finally {
        deleteTree(dir);
      }
    }
    // The machine may be shared; its load says how much the figures can be trusted.
    System.out.printf("%nload average at the end: %.1f%n", loadAverage());
    System.out.println("| leg | AtomSync docs/s | raw SQLite rows/s (limit) | AtomSync ÷ limit |");
    System.out.println("| --- | --- | --- | --- |");
    for (Leg leg : legs) {
      System.out.println(leg.row());
    }
    System.out.println();
    for (Leg leg : legs) {
      String share = leg.codecShare();
      if (!share.isEmpty()) {
        System.out.println(share);
      }
    }
  }

  /** The server-only legs of one round: pre-encoded pushes, then pulls kept as bytes. */
  private record ServerOnly(List<Map<Object, Object>> values, List<byte[]> encoded, int batch,
      int pullLimit, WireFormat format, Path dir, int round) {
    /**
     * Measures a push leg on {@code connections} connections right after its limit, then, when
     * {@code pull} is given, a pull leg of the same server right after a scan of the limit's file;
     * {@code lean} sends them with {@link LeanHttp} instead of {@code java.net.http}.
     */
    void legs(String name, Leg push, Leg pull, int connections, boolean lean) throws Exception {
      int docs = values.size();
      Path raw = dir.resolve("raw-" + name + ".db");
      push.limit(round, RawSqlite.insertBatched(raw, encoded, batch));
      try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve(name + ".db"))) {
        SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
        List<byte[]> bodies = sync.encodePushes("bench", values, batch);
        push.ours(round, lean
            ? sync.pushEncodedLean(bodies, docs, connections)
            : sync.pushEncoded(bodies, docs, connections));
        if (pull != null) {
          pull.limit(round, RawSqlite.rangeScan(raw, docs));
          pull.ours(round, lean
              ? sync.pullBytesLean("bench", docs, pullLimit)
              : sync.pullBytes("bench", docs, pullLimit));
        }
      }
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Untimed passes of every kind of leg before the first round, so the JIT has compiled the hot
   * paths of both sides, as in a server that has been running a while. One pass is not enough:
   * measured here, a pull of 100,000 docs ran at 200,000–450,000 docs/s over its first eight
   * repeats and at 530,000–630,000 from the 25th on.
   */
  private static void warmUp(
      List<Map<Object, Object>> values, List<byte[]> encoded, int batch, WireFormat format)
      throws Exception {
    Path dir = Files.createTempDirectory("atomsync-warmup");
    try {
      for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
        RawSqlite.insertBatched(dir.resolve("raw-" + pass + ".db"), encoded, batch);
        RawSqlite.rangeScan(dir.resolve("raw-" + pass + ".db"), encoded.size());
        try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("server-" + pass + ".db"))) {
          SyncThroughput sync = new SyncThroughput(server.syncUri(), format);
          sync.push("warmup", values, batch, 1);
          sync.push("warmup2", values, batch, 2);
          sync.pushEncodedLean(sync.encodePushes("warmup3", values, batch), values.size(), 1);
          for (int pull = 0; pull < 4; pull++) {
            sync.pullAll("warmup", values.size(), 10_000);
            sync.pullBytesLean("warmup", values.size(), 10_000);
          }
        }
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
