package dev.atomsync.server.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the tables of a new store file, recognises the file of an existing one, and brings a
 * file of an older schema up to this one.
 *
 * <p>Documents live in an ordinary rowid table rather than WITHOUT ROWID: values may be large
 * (up to the 16 MiB request limit), and SQLite advises WITHOUT ROWID only for rows well under a
 * page; measured on 100k documents neither layout was clearly faster. Pulls scan {@code
 * docs_group_seq}; {@code docs_tombstones} lets purge find old tombstones without a full scan.
 * Every index costs each push a B-tree insert per document, so there is no other: a second
 * writer process is caught by the last-seq check at the start of each write transaction (see
 * {@link Writer}), and purge scans by time, which it does rarely.
 *
 * <p>A document row keeps the change id of its last write ({@code change}, null once purge forgot
 * it), so a new document costs a push one row, as a plain insert does; only when a later write
 * supersedes a change does its id move to {@code superseded}, which is read only for the rare
 * change that looks stale. Superseded ids are keyed by document id first: random UUIDs alone
 * would scatter a push's inserts over the whole table, and the commit then writes every page they
 * touched; by document id they land beside each other as the documents do.
 */
final class Schema {
  /** Marks the file as an AtomSync store in the SQLite header ("AtSy"). */
  static final int APPLICATION_ID = 0x41745379;

  /**
   * The schema version this build writes; a file of a newer version is refused, one of version 1
   * (change ids in a table of their own) is migrated when opened.
   */
  static final int VERSION = 2;

  static final String SCHEMA_VERSION = "schema_version";
  static final String LAST_SEQ = "last_seq";
  static final String LAST_UPDATED = "last_updated";

  private static final String CREATE_SUPERSEDED =
      """
      CREATE TABLE superseded (
        id TEXT NOT NULL,
        change BLOB NOT NULL,
        version INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        applied INTEGER NOT NULL,
        PRIMARY KEY (id, change)) WITHOUT ROWID""";

  /**
   * Version 1 kept every change id in {@code changes}; the one of a document's last write moves
   * onto the document row (the row of the same document and seq), the others to {@code
   * superseded}.
   */
  private static final String[] MIGRATE_FROM_1 = {
    "ALTER TABLE docs ADD COLUMN change BLOB",
    "UPDATE docs SET change ="
        + " (SELECT c.change FROM changes c WHERE c.id = docs.id AND c.seq = docs.seq)",
    CREATE_SUPERSEDED,
    "INSERT INTO superseded (id, change, version, seq, applied)"
        + " SELECT c.id, c.change, c.version, c.seq, c.applied FROM changes c"
        + " WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE d.id = c.id AND d.seq = c.seq)",
    "DROP TABLE changes",
    "UPDATE meta SET value = 2 WHERE key = '" + SCHEMA_VERSION + "'",
  };

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
      value BLOB,
      change BLOB)""",
    "CREATE INDEX docs_group_seq ON docs (grp, seq)",
    "CREATE INDEX docs_tombstones ON docs (updated, grp, seq) WHERE deleted = 1",
    CREATE_SUPERSEDED,
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
   * build can use, migrating it first when it is of an older version.
   *
   * @throws SqliteStoreException when the file belongs to something else or to a newer build
   */
  static void prepare(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int applicationId = (int) queryLong(statement, "PRAGMA application_id");
      long tables = queryLong(statement, "SELECT count(*) FROM sqlite_schema");
      if (applicationId == 0 && tables == 0) {
        run(statement, CREATE);
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
      if (version == 1) {
        run(statement, MIGRATE_FROM_1);
      }
    }
  }

  /** Returns the number meta holds under {@code key}, 0 when absent. */
  static long readMeta(Connection connection, String key) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return queryLong(statement, "SELECT value FROM meta WHERE key = '" + key + "'");
    }
  }

  /** Runs {@code script} in one transaction, so a failure halfway leaves the file as it was. */
  private static void run(Statement statement, String[] script) throws SQLException {
    statement.execute("BEGIN IMMEDIATE");
    try {
      for (String sql : script) {
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
