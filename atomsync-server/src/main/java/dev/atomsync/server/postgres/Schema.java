package dev.atomsync.server.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the tables of a new store in the connection's current schema, or checks that the tables
 * there belong to a store this build can use.
 *
 * <p>The layout follows the SQLite store's: a document row keeps the change id of its last write,
 * and {@code atomsync_superseded} the ids that later writes replaced, keyed by document first. Pulls
 * scan {@code atomsync_docs_group_seq}; the partial index on tombstones lets purge find old ones
 * without a full scan. {@code atomsync_state} is one row holding the last seq and the last
 * updated time: pushes read and raise them under the store's write lock (see {@link Writer}), so
 * they commit in seq order and a rolled-back push leaves no gap.
 */
final class Schema {
  /** The schema version this build writes; tables of a newer version are refused. */
  static final int VERSION = 1;

  private static final String[] CREATE = {
    """
    CREATE TABLE atomsync_docs (
      id text PRIMARY KEY,
      grp text NOT NULL,
      version bigint NOT NULL,
      seq bigint NOT NULL,
      deleted boolean NOT NULL,
      updated bigint NOT NULL,
      author text,
      value bytea,
      change uuid)""",
    "CREATE UNIQUE INDEX atomsync_docs_group_seq ON atomsync_docs (grp, seq)",
    "CREATE INDEX atomsync_docs_tombstones ON atomsync_docs (updated) WHERE deleted",
    """
    CREATE TABLE atomsync_superseded (
      id text NOT NULL,
      change uuid NOT NULL,
      version bigint NOT NULL,
      seq bigint NOT NULL,
      applied bigint NOT NULL,
      PRIMARY KEY (id, change))""",
    "CREATE TABLE atomsync_horizons (grp text PRIMARY KEY, purged_seq bigint NOT NULL)",
    """
    CREATE TABLE atomsync_state (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      schema_version integer NOT NULL,
      last_seq bigint NOT NULL,
      last_updated bigint NOT NULL)""",
    "COMMENT ON TABLE atomsync_state IS 'AtomSync store: schema version, last seq, last updated"
        + " time (epoch microseconds)'",
    "INSERT INTO atomsync_state (schema_version, last_seq, last_updated) VALUES (" + VERSION
        + ", 0, 0)",
  };

  private static final String FIND_STATE =
      "SELECT 1 FROM pg_catalog.pg_tables"
          + " WHERE schemaname = current_schema() AND tablename = 'atomsync_state'";

  private Schema() {}

  /**
   * Creates the tables when the current schema has none of the store's, or checks the version of
   * those it has; runs under the write lock so nodes starting together create them once.
   *
   * @throws PostgresStoreException when the tables are of a newer build
   */
  static void prepare(WriteLock lock, Connection connection, String database)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      lock.take(connection);
      boolean exists;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(FIND_STATE)) {
        exists = rows.next();
      }
      if (exists) {
        requireKnownVersion(connection, database);
      } else {
        try (Statement statement = connection.createStatement()) {
          for (String sql : CREATE) {
            statement.execute(sql);
          }
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static void requireKnownVersion(Connection connection, String database)
      throws SQLException {
    try (PreparedStatement query =
            connection.prepareStatement("SELECT schema_version FROM atomsync_state");
        ResultSet rows = query.executeQuery()) {
      long version = rows.next() ? rows.getLong(1) : 0;
      if (version > VERSION) {
        throw new PostgresStoreException(
            "cannot open " + database + ": its schema version " + version
                + " is newer than this build's " + VERSION + "; upgrade AtomSync");
      }
    }
  }
}
