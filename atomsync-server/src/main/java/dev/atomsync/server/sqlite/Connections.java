package dev.atomsync.server.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.sqlite.SQLiteConfig;

/** Opens the connections of a store with the pragmas each role needs. */
final class Connections {
  /**
   * How long a connection waits for a lock held by another connection. Within one store the
   * writer lock keeps writers apart and WAL keeps readers from blocking, so this matters only
   * for another process on the same file (a backup, the CLI) or for WAL recovery at open.
   */
  static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private static final long WAL_SIZE_LIMIT_BYTES = 64L << 20;

  private Connections() {}

  /**
   * Opens the one connection that writes, after {@link Schema#prepare} accepted the file, with WAL
   * and the sync level of {@code durability}.
   */
  static Connection writer(Path file, Durability durability) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection connection = config.createConnection(url(file));
    try (Statement statement = connection.createStatement()) {
      // Before any pragma that writes, so that a file of another application is left as it was.
      Schema.prepare(connection, file);
      String mode = query(statement, "PRAGMA journal_mode=WAL");
      if (!"wal".equals(mode.toLowerCase(Locale.ROOT))) {
        throw new SQLException("SQLite kept journal mode " + mode + " instead of WAL");
      }
      statement.execute("PRAGMA synchronous=" + durability.pragmaValue());
      // A burst of writes while pulls hold old snapshots can grow the WAL; give the space back
      // after the next checkpoint instead of keeping the high-water mark forever.
      statement.execute("PRAGMA journal_size_limit=" + WAL_SIZE_LIMIT_BYTES);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** Opens a read-only connection; under WAL it reads a snapshot while the writer commits. */
  static Connection reader(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config.createConnection(url(file));
  }

  private static String query(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : "";
    }
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }
}
