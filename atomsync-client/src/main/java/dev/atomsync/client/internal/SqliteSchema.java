package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Creates the tables of a new client file, and recognises the file of an existing one.
 *
 * <pre>
 * docs     (id PK, grp, value, base_value, base_is_local,    one row per document the client knows,
 *           base_version,
 *           remote_value, remote_version,                    WITHOUT ROWID
 *           pending_seq, pending_change)
 * inflight (seq PK, grp, id UNIQUE, op, value, base,         in-flight entries a later write
 *           change UNIQUE)                                   displaced from their document's row
 * taken    (grp PK, seq)                                     the highest seq taken for a push
 * cursors  (grp PK, cursor, horizon)                         pull position per group (sync loop)
 * meta     (key PK, value)                                   schema_version, client_id, value_format
 * </pre>
 *
 * <p>{@code docs.value} is the local value, NULL when deleted locally; {@code base_value} and
 * {@code base_version} are the server's value and version last known (0 and NULL: never on the
 * server; a version with NULL value: a tombstone there). When the base value is the local value,
 * as it is for every document in sync, {@code base_is_local} is 1 and {@code base_value} NULL, so
 * the value is stored once: a pull or an acknowledgement writes half the bytes. A statement that
 * changes the local value first copies it into {@code base_value} then. {@code remote_value} and {@code
 * remote_version} are the remote state a pull brought while the document had outbox entries (NULL
 * and 0: none). A row lives while it has a local value, a base version, a remote state or an outbox
 * entry. There is no index on {@code docs.grp}: every id of group G starts with {@code "G:"}, so
 * loading a group is a range scan of the primary key between {@code "G:"} and {@code "G;"}.
 *
 * <p>The outbox lives in two places (see {@link dev.atomsync.client.spi.LocalStore} for how entries
 * move). A document's pending entry is part of its row: {@code pending_seq} and {@code
 * pending_change} (both NULL when none); its op and value are the row's local value and its base the
 * row's base version, which is what the pending entry always carries (a write coalesces into it, an
 * acknowledgement or a settled conflict rebases it). So a local write, what an app waits for, is
 * one row in one B-tree: no index orders the entries by seq, {@link PendingOrder} does in memory.
 *
 * <p>Taking entries for a push writes one number: {@code taken.seq}, the highest seq of the group
 * taken so far. A row's entry at or below it is <em>in flight</em>, and stays in the row: its value
 * and base do not change while nothing writes the document, so a push needs no copy of it. A write
 * to a document whose entry is in flight first moves that entry, frozen, into {@code inflight}, and
 * then starts a new pending entry in the row above the mark. Takes go in seq order and stop before
 * a pending entry whose document has one in {@code inflight}, so every row entry at or below the
 * mark is in flight, and none above it. An acknowledgement of a row's entry is then one update of
 * that row, where schema 3 copied every pushed value into {@code inflight} and deleted it again.
 * {@code seq} values come from one counter ({@link #nextSeq}), above the mark too.
 */
final class SqliteSchema {
  /** Marks the file as an AtomSync client file in the SQLite header ("AtSc"). */
  static final int APPLICATION_ID = 0x41745363;

  /**
   * The schema version this build writes; a file of a newer version is refused, one of version 1
   * (before the remote columns), 2 (pending entries in a table of their own) or 3 (every in-flight
   * entry copied into {@code inflight}) is migrated in place.
   */
  static final int VERSION = 4;

  /**
   * The documents table: formatted with {@code ""} as version 3 made it, with a comma and {@link
   * #BASE_IS_LOCAL} as version 4 does.
   */
  private static final String DOCS_TABLE = """
      CREATE TABLE docs (
        id TEXT PRIMARY KEY,
        grp TEXT NOT NULL,
        value BLOB,
        base_value BLOB,
        base_version INTEGER NOT NULL DEFAULT 0,
        remote_value BLOB,
        remote_version INTEGER NOT NULL DEFAULT 0,
        pending_seq INTEGER,
        pending_change BLOB%s) WITHOUT ROWID""";

  /** The column version 4 adds to {@code docs}. */
  private static final String BASE_IS_LOCAL = "base_is_local INTEGER NOT NULL DEFAULT 0";

  private static final String INFLIGHT_TABLE = """
      CREATE TABLE inflight (
        seq INTEGER PRIMARY KEY,
        grp TEXT NOT NULL,
        id TEXT NOT NULL UNIQUE,
        op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
        value BLOB,
        base INTEGER NOT NULL,
        change BLOB NOT NULL UNIQUE)""";

  private static final String TAKEN_TABLE =
      "CREATE TABLE taken (grp TEXT PRIMARY KEY, seq INTEGER NOT NULL)";

  private static final String[] CREATE = {
    DOCS_TABLE.formatted(",\n  " + BASE_IS_LOCAL),
    INFLIGHT_TABLE,
    TAKEN_TABLE,
    """
    CREATE TABLE cursors (
      grp TEXT PRIMARY KEY,
      cursor INTEGER NOT NULL,
      horizon INTEGER NOT NULL)""",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
    "INSERT INTO meta (key, value) VALUES ('schema_version', " + VERSION + ")",
    "INSERT INTO meta (key, value) VALUES ('value_format', '"
        + StoredFormat.FORMAT.mediaType() + "')",
    "PRAGMA application_id = " + APPLICATION_ID,
  };

  /** Brings a version-1 file (no remote state) to version 2. */
  private static final String[] MIGRATE_FROM_1 = {
    "ALTER TABLE docs ADD COLUMN remote_value BLOB",
    "ALTER TABLE docs ADD COLUMN remote_version INTEGER NOT NULL DEFAULT 0",
    "UPDATE meta SET value = 2 WHERE key = 'schema_version'",
  };

  /**
   * Brings a version-2 file (pending and in-flight entries in one {@code outbox} table) to version
   * 3. A pending entry's value and base equal its document's local value and base version in every
   * version-2 file (the store kept them so), so its seq and change id are all it moves.
   */
  private static final String[] MIGRATE_FROM_2 = {
    "ALTER TABLE docs RENAME TO docs_v2",
    DOCS_TABLE.formatted(""),
    """
    INSERT INTO docs (id, grp, value, base_value, base_version, remote_value, remote_version,
                      pending_seq, pending_change)
    SELECT d.id, d.grp, d.value, d.base_value, d.base_version, d.remote_value, d.remote_version,
           p.seq, p.change
    FROM docs_v2 AS d LEFT JOIN outbox AS p ON p.id = d.id AND p.in_flight = 0""",
    INFLIGHT_TABLE,
    """
    INSERT INTO inflight (seq, grp, id, op, value, base, change)
    SELECT seq, grp, id, op, value, base, change FROM outbox WHERE in_flight = 1""",
    "DROP TABLE outbox",
    "DROP TABLE docs_v2",
    "UPDATE meta SET value = 3 WHERE key = 'schema_version'",
  };

  /**
   * Brings a version-3 file to version 4. Its in-flight entries all live in {@code inflight}, as a
   * displaced entry does in version 4, and no group has taken anything in the row yet. Version 3
   * ordered pending entries with an index, which version 4 keeps in memory ({@link PendingOrder}),
   * and stored a base value equal to the local value twice.
   */
  private static final String[] MIGRATE_FROM_3 = {
    "DROP INDEX IF EXISTS docs_pending",
    TAKEN_TABLE,
    "ALTER TABLE docs ADD COLUMN " + BASE_IS_LOCAL,
    "UPDATE docs SET base_value = NULL, base_is_local = 1 WHERE base_value = value",
    "UPDATE meta SET value = 4 WHERE key = 'schema_version'",
  };

  private SqliteSchema() {}

  /**
   * Creates the schema and a client id in an empty file, or checks that {@code file} holds a
   * schema this build can use, migrating an older one in place, and returns the file's client id.
   *
   * @throws LocalStoreException when the file belongs to something else or to a newer build
   */
  static UUID prepare(Connection connection, Path file, UUID newClientId) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int applicationId = (int) queryLong(statement, "PRAGMA application_id");
      long tables = queryLong(statement, "SELECT count(*) FROM sqlite_schema");
      if (applicationId == 0 && tables == 0) {
        create(connection, newClientId);
        return newClientId;
      }
      if (applicationId != APPLICATION_ID) {
        throw new LocalStoreException(
            "cannot open " + file + ": it is an SQLite database but not an AtomSync client file"
                + " (application_id " + applicationId + ", expected " + APPLICATION_ID + ")");
      }
      long version =
          queryLong(statement, "SELECT value FROM meta WHERE key = 'schema_version'");
      if (version > VERSION) {
        throw new LocalStoreException(
            "cannot open " + file + ": its schema version " + version
                + " is newer than this build's " + VERSION + "; upgrade AtomSync");
      }
      if (version == 1) {
        migrate(connection, MIGRATE_FROM_1);
      }
      if (version <= 2) {
        migrate(connection, MIGRATE_FROM_2);
      }
      if (version <= 3) {
        migrate(connection, MIGRATE_FROM_3);
      }
      try (ResultSet rows =
          statement.executeQuery("SELECT value FROM meta WHERE key = 'client_id'")) {
        if (!rows.next()) {
          throw new LocalStoreException("cannot open " + file + ": it has no client id");
        }
        return UUID.fromString(rows.getString(1));
      }
    }
  }

  /**
   * Returns the seq after every outbox entry's, pending or in flight, and after every group's
   * taken mark, so that a new pending entry is never mistaken for one in flight.
   */
  static long nextSeq(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return 1 + Math.max(Math.max(
          queryLong(statement, "SELECT max(pending_seq) FROM docs WHERE pending_seq IS NOT NULL"),
          queryLong(statement, "SELECT max(seq) FROM inflight")),
          queryLong(statement, "SELECT max(seq) FROM taken"));
    }
  }

  private static void create(Connection connection, UUID clientId) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        for (String sql : CREATE) {
          statement.execute(sql);
        }
        try (PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO meta (key, value) VALUES ('client_id', ?)")) {
          insert.setString(1, clientId.toString());
          insert.executeUpdate();
        }
        statement.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    }
  }

  private static void migrate(Connection connection, String[] steps) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        for (String sql : steps) {
          statement.execute(sql);
        }
        statement.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    }
  }

  private static long queryLong(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }
}
