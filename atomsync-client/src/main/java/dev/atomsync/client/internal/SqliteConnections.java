package dev.atomsync.client.internal;

import dev.atomsync.client.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/** Opens and configures the connection of a client file. */
final class SqliteConnections {
  /**
   * How long opening waits for a lock held by another connection: a tool that had the file open
   * (the sqlite3 shell, a backup) when this store started. Once open, the store holds the file's
   * locks itself (see {@link #configure}).
   */
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private SqliteConnections() {}

  /** Opens a connection to {@code file}, creating the file when absent; writes no pragma yet. */
  static Connection open(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    // Nothing reads generated keys; sqlite-jdbc would otherwise run a query after every INSERT.
    config.setGetGeneratedKeys(false);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * Switches the connection to exclusive locking and WAL with the sync level of {@code
   * durability}; called after the schema check, so that a file of another application is left as
   * it was.
   *
   * <p>Exclusive locking mode: the file has one owner anyway, and keeping SQLite's locks for the
   * connection's lifetime saves the lock and unlock system calls of every transaction and the
   * shared-memory WAL index (measured: about 40% of a change's time with {@link
   * Durability#NORMAL}). It also makes SQLite itself refuse any other connection to the file, on
   * top of {@link FileOwnership}. The price: other tools can read the file only while it is closed.
   */
  static void configure(Connection connection, Durability durability) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA locking_mode=EXCLUSIVE");
      String mode = queryString(statement, "PRAGMA journal_mode=WAL");
      if (!"wal".equals(mode.toLowerCase(Locale.ROOT))) {
        throw new SQLException("SQLite kept journal mode " + mode + " instead of WAL");
      }
      statement.execute("PRAGMA synchronous=" + switch (durability) {
        case FULL -> "FULL";
        case NORMAL -> "NORMAL";
      });
    }
  }

  /** Closes {@code connection} if open, recording a failure on {@code primary}. */
  static void closeQuietly(@Nullable Connection connection, Exception primary) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        primary.addSuppressed(e);
      }
    }
  }

  private static String queryString(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : "";
    }
  }
}
