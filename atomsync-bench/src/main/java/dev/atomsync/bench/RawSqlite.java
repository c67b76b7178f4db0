package dev.atomsync.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The physical limit: the same rows the store writes, inserted and range-scanned with plain JDBC on
 * sqlite-jdbc, with the same table shape, index and pragmas, and no sync logic around them.
 */
final class RawSqlite {
  private RawSqlite() {}

  /** Inserts {@code values} in transactions of {@code batch} rows; returns rows per second. */
  static double insertBatched(Path file, List<byte[]> values, int batch) throws SQLException {
    try (Connection c = open(file)) {
      long start = System.nanoTime();
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO docs (id, grp, version, seq, deleted, updated, author, value)"
                  + " VALUES (?, 'bench', 1, ?, 0, ?, 'bench', ?)")) {
        c.setAutoCommit(false);
        for (int i = 0; i < values.size(); i++) {
          insert.setString(1, "bench:" + i);
          insert.setLong(2, i + 1);
          insert.setLong(3, 1_700_000_000_000L + i);
          insert.setBytes(4, values.get(i));
          insert.addBatch();
          if ((i + 1) % batch == 0 || i == values.size() - 1) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
      return values.size() / seconds(start);
    }
  }

  /**
   * Reads every row of the group in seq order, touching each value; returns rows per second of
   * the faster of two passes, so the figure is the warm-cache limit a pull also enjoys.
   */
  static double rangeScan(Path file, int expected) throws SQLException {
    return Math.max(rangeScanOnce(file, expected), rangeScanOnce(file, expected));
  }

  private static double rangeScanOnce(Path file, int expected) throws SQLException {
    try (Connection c = open(file);
        PreparedStatement scan =
            c.prepareStatement(
                "SELECT id, version, seq, deleted, updated, value FROM docs"
                    + " WHERE grp = 'bench' AND seq > 0 ORDER BY seq")) {
      long start = System.nanoTime();
      long bytes = 0;
      int rows = 0;
      try (ResultSet rs = scan.executeQuery()) {
        while (rs.next()) {
          rs.getString(1);
          rs.getLong(2);
          rs.getLong(3);
          rs.getBoolean(4);
          rs.getLong(5);
          bytes += rs.getBytes(6).length;
          rows++;
        }
      }
      double perSecond = rows / seconds(start);
      if (rows != expected || bytes == 0) {
        throw new IllegalStateException("scan read " + rows + " rows, expected " + expected);
      }
      return perSecond;
    }
  }

  private static Connection open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=" + synchronousMode());
      s.execute(
          "CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, grp TEXT NOT NULL,"
              + " version INTEGER NOT NULL, seq INTEGER NOT NULL, deleted INTEGER NOT NULL,"
              + " updated INTEGER NOT NULL, author TEXT, value BLOB)");
      s.execute("CREATE INDEX IF NOT EXISTS docs_grp_seq ON docs (grp, seq)");
    }
    return c;
  }

  /** The store's durability setting, so the limit is measured under the same fsync rule. */
  static String synchronousMode() {
    return System.getProperty("atomsync.bench.synchronous", "FULL");
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
