package dev.atomsync.server.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the tables of a new store file, and recognises the file of an existing one.
 *
 * <p>Documents live in an ordinary rowid table rather than WITHOUT ROWID: values may be large
 * (up to the 16 MiB request limit), and SQLite advises WITHOUT ROWID only for rows well under a
 * page; measured on 100k documents neither layout was clearly faster. Pulls scan {@code
 * docs_group_seq}; {@code docs_tombstones} lets purge find old tombstones without a full scan.
 * Every index costs each push a B-tree insert per document, so there is no other: a second
 * writer process is caught by the last-seq check at the start of each write transaction (see
 * {@link Writer}), and purge scans {@code changes} by time, which it does rarely. Change ids are
 * keyed by document id first: random UUIDs alone would scatter a push's inserts over the whole
 * table, and the commit then writes every page they touched (measured: most of a push's time);
 * by document id they land beside each other as the documents do. A retry names its document,
 * so lookups still hit the key.
 */
final class Schema {
  /** Marks the file as an AtomSync store in the SQLite header ("AtSy"). */
  static final int APPLICATION_ID = 0x41745379;

  /** The schema version this build writes; a file of a newer version is refused. */
  static final int VERSION = 1;

  static final String SCHEMA_VERSION = "schema_version";
  static final String LAST_SEQ = "last_seq";
  static final String LAST_UPDATED = "last_updated";

  private static final String[] CREATE = {
    """
    CREATE TABLE docs (
      id TEXT PRIMARY KEY,
      grp TEXT NOT NULL,
      version INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      deleted INTEGER NOT NULL,
      updated INTEGER NOT NULL,
      author TEXT,
      value BLOB)""",
    "CREATE INDEX docs_group_seq ON docs (grp, seq)",
    "CREATE INDEX docs_tombstones ON docs (updated, grp, seq) WHERE deleted = 1",
    """
    CREATE TABLE changes (
      id TEXT NOT NULL,
      change BLOB NOT NULL,
      version INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      applied INTEGER NOT NULL,
      PRIMARY KEY (id, change)) WITHOUT ROWID""",
    "CREATE TABLE horizons (grp TEXT PRIMARY KEY, purged_seq INTEGER NOT NULL)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
    "INSERT INTO meta (key, value) VALUES ('" + SCHEMA_VERSION + "', " + VERSION + ")",
    "INSERT INTO meta (key, value) VALUES ('" + LAST_SEQ + "', 0)",
    "INSERT INTO meta (key, value) VALUES ('" + LAST_UPDATED + "', 0)",
    "PRAGMA application_id = " + APPLICATION_ID,
  };

  private Schema() {}

  /**
   * Creates the schema in an empty file, or checks that {@code file} already holds one this
   * build can use.
   *
   * @throws SqliteStoreException when the file belongs to something else or to a newer build
   */
  static void prepare(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int applicationId = (int) queryLong(statement, "PRAGMA application_id");
      long tables = queryLong(statement, "SELECT count(*) FROM sqlite_schema");
      if (applicationId == 0 && tables == 0) {
        create(statement);
        return;
      }
      if (applicationId != APPLICATION_ID) {
        throw new SqliteStoreException(
            "cannot open " + file + ": it is an SQLite database but not an AtomSync store"
                + " (application_id " + applicationId + ", expected " + APPLICATION_ID + ")");
      }
      long version = queryLong(statement,
          "SELECT value FROM meta WHERE key = '" + SCHEMA_VERSION + "'");
      if (version > VERSION) {
        throw new SqliteStoreException(
            "cannot open " + file + ": its schema version " + version
                + " is newer than this build's " + VERSION + "; upgrade AtomSync");
      }
    }
  }

  /** Returns the number meta holds under {@code key}, 0 when absent. */
  static long readMeta(Connection connection, String key) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return queryLong(statement, "SELECT value FROM meta WHERE key = '" + key + "'");
    }
  }

  private static void create(Statement statement) throws SQLException {
    statement.execute("BEGIN IMMEDIATE");
    try {
      for (String sql : CREATE) {
        statement.execute(sql);
      }
      statement.execute("COMMIT");
    } catch (SQLException e) {
      statement.execute("ROLLBACK");
      throw e;
    }
  }

  private static long queryLong(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }
}
