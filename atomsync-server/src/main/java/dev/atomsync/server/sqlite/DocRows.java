package dev.atomsync.server.sqlite;

import dev.atomsync.server.internal.Micros;
import dev.atomsync.server.spi.StoredDoc;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads documents from rows that select {@link #COLUMNS} in that order. */
final class DocRows {
  /** The columns, in order, that {@link #read} expects. */
  static final String COLUMNS = "id, value, version, deleted, seq, updated";

  private DocRows() {}

  /** Returns the document of the current row of {@code rows}. */
  static StoredDoc read(ResultSet rows) throws SQLException {
    boolean deleted = rows.getInt(4) != 0;
    return new StoredDoc(
        rows.getString(1),
        deleted ? null : rows.getBytes(2),
        rows.getLong(3),
        deleted,
        rows.getLong(5),
        Micros.toInstant(rows.getLong(6)));
  }
}
