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
 * docs    (id PK, grp, value, base_value, base_version,      one row per document the client knows
 *          remote_value, remote_version)
 * outbox  (seq PK, grp, id, in_flight, op, value, base, change UNIQUE, UNIQUE (id, in_flight))
 * cursors (grp PK, cursor, horizon)                          pull position per group (sync loop)
 * meta    (key PK, value)                                    schema_version, client_id, value_format
 * </pre>
 *
 * <p>{@code docs.value} is the local value, NULL when deleted locally; {@code base_value} and
 * {@code base_version} are the server's value and version last known (0 and NULL: never on the
 * server; a version with NULL value: a tombstone there). {@code remote_value} and {@code
 * remote_version} are the remote state a pull brought while the document had outbox entries (NULL
 * and 0: none). A row lives while it has a local value, a base version, a remote state or an outbox
 * entry. There is no index on {@code docs.grp}: every id of group G starts with {@code "G:"}, so
 * loading a group is a range scan of the primary key between {@code "G:"} and {@code "G;"}, and
 * each new document costs one B-tree insert less.
 *
 * <p>{@code outbox.in_flight} is 0 for the one pending entry of a document and 1 for the one in
 * flight; {@code UNIQUE (id, in_flight)} enforces that and finds a document's entries. See {@link
 * dev.atomsync.client.spi.LocalStore} for how entries move. {@code seq} is an ordinary rowid: it
 * orders entries, and nothing refers to a removed one, so reuse of a removed last seq is harmless.
 */
final class SqliteSchema {
  /** Marks the file as an AtomSync client file in the SQLite header ("AtSc"). */
  static final int APPLICATION_ID = 0x41745363;

  /**
   * The schema version this build writes; a file of a newer version is refused, one of version 1
   * (before the remote columns) is migrated in place.
   */
  static final int VERSION = 2;

  private static final String[] CREATE = {
    """
    CREATE TABLE docs (
      id TEXT PRIMARY KEY,
      grp TEXT NOT NULL,
      value BLOB,
      base_value BLOB,
      base_version INTEGER NOT NULL DEFAULT 0,
      remote_value BLOB,
      remote_version INTEGER NOT NULL DEFAULT 0)""",
    """
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY,
      grp TEXT NOT NULL,
      id TEXT NOT NULL,
      in_flight INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
      value BLOB,
      base INTEGER NOT NULL,
      change BLOB NOT NULL UNIQUE,
      UNIQUE (id, in_flight))""",
    "CREATE INDEX outbox_group ON outbox (grp, in_flight, seq)",
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
      try (ResultSet rows =
          statement.executeQuery("SELECT value FROM meta WHERE key = 'client_id'")) {
        if (!rows.next()) {
          throw new LocalStoreException("cannot open " + file + ": it has no client id");
        }
        return UUID.fromString(rows.getString(1));
      }
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
