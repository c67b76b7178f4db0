package dev.atomsync.bench;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.sqlite.SQLiteConfig;

/**
 * Local writes with write-through durability (issue 6, scenario A) beside their SQLite limit, in
 * one run: {@code atom.swap(m -> m.plus("bench:" + n, value))} of a new ~200-byte document on a
 * local-only atom over a fresh client file ({@code AtomSync.open(file)}, durability NORMAL), on 1
 * and on 8 threads, and the limit: one-row upserts of the same encoded bytes, one transaction per
 * row, on a fresh file with the client's pragmas ({@code locking_mode=EXCLUSIVE}, WAL, {@code
 * synchronous=NORMAL}) and without sqlite-jdbc's generated-keys query.
 *
 * <p>Rounds alternate the three legs, so a shared machine's load moves them alike; the medians
 * are the figures. Each leg first runs an untimed pass on a file of its own, for the JIT.
 *
 * <p>Arguments: {@code [docs=50000] [rounds=5]}. Run: {@code java -cp ...
 * dev.atomsync.bench.LocalWriteBench 50000 5}, or {@code ./atomsync bench localwrite 50000 5}.
 */
public final class LocalWriteBench {
  private static final int VALUES = 1024;

  private LocalWriteBench() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf(
        "LocalWriteBench: %,d new docs per leg, %d rounds, durability NORMAL, %d cores, java %s,"
            + " load average %.1f%n",
        docs, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version(),
        loadAverage());
    Path dir = Files.createTempDirectory("atomsync-localwrite");
    try {
      int warmUp = Math.min(docs, 20_000);
      rawInsertsPerSecond(warmUp, dir);
      swapsPerSecond(1, warmUp, dir);
      swapsPerSecond(8, warmUp, dir);
      double[] limit = new double[rounds];
      double[] one = new double[rounds];
      double[] eight = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        limit[r] = rawInsertsPerSecond(docs, dir);
        one[r] = swapsPerSecond(1, docs, dir);
        eight[r] = swapsPerSecond(8, docs, dir);
        System.out.printf(
            "round %d: limit %,.0f/s, swap 1 thread %,.0f/s, swap 8 threads %,.0f/s (load %.1f)%n",
            r + 1, limit[r], one[r], eight[r], loadAverage());
      }
      Stats l = Stats.of(limit);
      Stats s1 = Stats.of(one);
      Stats s8 = Stats.of(eight);
      System.out.printf("limit: 1-row upsert, one transaction each  %s docs/s%n", l.format());
      System.out.printf("swap, 1 thread                             %s docs/s  (%.0f%% of limit)%n",
          s1.format(), 100 * s1.median() / l.median());
      System.out.printf("swap, 8 threads                            %s docs/s  (%.0f%% of limit)%n",
          s8.format(), 100 * s8.median() / l.median());
    } finally {
      SwapBenchmark.deleteTree(dir);
    }
  }

  /**
   * Returns how many swaps per second {@code threads} threads complete together, each adding a new
   * document to one local-only atom over a fresh client file in {@code dir}, {@code docs} in all.
   */
  public static double swapsPerSecond(int threads, int docs, Path dir) throws Exception {
    Map<?, ?>[] values = SwapBenchmark.sampleValues();
    Path file = Files.createTempFile(dir, "swap", ".db");
    Files.delete(file);
    AtomicLong next = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    long elapsed;
    try (AtomSync db = AtomSync.open(file)) {
      SyncedAtom atom = db.atom("bench");
      for (int t = 0; t < threads; t++) {
        workers.add(Thread.ofPlatform().name("swapper-" + t).start(() -> {
          try {
            start.await();
            for (long n = next.getAndIncrement(); n < docs; n = next.getAndIncrement()) {
              String id = "bench:" + n;
              Object value = values[(int) (n % VALUES)];
              atom.swap(m -> m.plus(id, value));
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }));
      }
      long begin = System.nanoTime();
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
      elapsed = System.nanoTime() - begin;
      if (failure.get() != null) {
        throw new IllegalStateException("a swap failed", failure.get());
      }
      if (atom.deref().size() != docs) {
        throw new IllegalStateException(
            "atom holds " + atom.deref().size() + " documents, expected " + docs);
      }
    }
    deleteFiles(file);
    return docs / (elapsed / 1e9);
  }

  /**
   * Returns how many one-row upserts per second plain JDBC commits, one transaction each, into a
   * fresh file in {@code dir} with the client's pragmas: the limit of a local write.
   */
  public static double rawInsertsPerSecond(int docs, Path dir) throws IOException, SQLException {
    Map<?, ?>[] values = SwapBenchmark.sampleValues();
    Codec codec = Codec.standard();
    byte[][] encoded = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      encoded[i] = codec.encode(values[i], WireFormat.JSON);
    }
    Path file = Files.createTempFile(dir, "limit", ".db");
    Files.delete(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setGetGeneratedKeys(false);
    long elapsed;
    try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA locking_mode=EXCLUSIVE");
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, grp TEXT NOT NULL, value BLOB)");
      }
      try (PreparedStatement upsert = c.prepareStatement(
          "INSERT INTO docs (id, grp, value) VALUES (?, 'bench', ?)"
              + " ON CONFLICT (id) DO UPDATE SET value = excluded.value")) {
        long begin = System.nanoTime();
        for (int n = 0; n < docs; n++) {
          upsert.setString(1, "bench:" + n);
          upsert.setBytes(2, encoded[n % VALUES]);
          upsert.executeUpdate(); // autocommit: one transaction per row
        }
        elapsed = System.nanoTime() - begin;
      }
    }
    deleteFiles(file);
    return docs / (elapsed / 1e9);
  }

  private static void deleteFiles(Path file) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal", ".lock"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
