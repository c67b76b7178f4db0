package dev.atomsync.bench;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.Durability;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario A of the harness: durable local writes. Each swap adds a new ~200-byte document to a
 * local-only atom on a fresh client file (the default durability, committed when {@code swap}
 * returns); the limit is plain JDBC inserting the same encoded bytes, one transaction per row,
 * into a file with the client's pragmas.
 */
final class LocalWriteBench {
  private LocalWriteBench() {}

  /** Returns swaps per second of {@code docs} new documents spread over {@code threads}. */
  static double swapsPerSecond(Path dir, int threads, int docs) throws Exception {
    Map<?, ?>[] values = SwapBenchmark.sampleValues();
    try (AtomSync db = AtomSync.open(dir.resolve("swaps-" + threads + ".db"))) {
      SyncedAtom atom = db.atom("bench");
      AtomicLong next = new AtomicLong();
      Runnable writer = () -> {
        for (long n = next.getAndIncrement(); n < docs; n = next.getAndIncrement()) {
          String id = "bench:" + n;
          Object value = values[(int) (n % values.length)];
          atom.swap(m -> m.plus(id, value));
        }
      };
      long start = System.nanoTime();
      List<Thread> workers = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        workers.add(Thread.ofPlatform().name("swap-" + t).start(writer));
      }
      for (Thread worker : workers) {
        worker.join();
      }
      double perSecond = docs / RawSqlite.seconds(start);
      Measures.require(atom.deref().size() == docs, "atom holds " + atom.deref().size());
      return perSecond;
    }
  }

  /** Returns rows per second of {@code docs} one-row transactions with the client's pragmas. */
  static double rawInsertsPerSecond(Path dir, int docs) throws SQLException {
    Map<?, ?>[] values = SwapBenchmark.sampleValues();
    byte[][] encoded = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      encoded[i] = Codec.standard().encode(values[i], WireFormat.JSON);
    }
    try (Connection c = SwapBenchmark.openRaw(dir.resolve("raw-rows.db"), Durability.NORMAL);
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO docs (id, grp, value) VALUES (?, 'bench', ?)")) {
      long start = System.nanoTime();
      for (int n = 0; n < docs; n++) {
        insert.setString(1, "bench:" + n);
        insert.setBytes(2, encoded[n % encoded.length]);
        insert.executeUpdate(); // autocommit: one transaction per row
      }
      return docs / RawSqlite.seconds(start);
    }
  }
}
