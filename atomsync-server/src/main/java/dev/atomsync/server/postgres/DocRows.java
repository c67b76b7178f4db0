package dev.atomsync.server.postgres;

import dev.atomsync.server.internal.Micros;
import dev.atomsync.server.spi.StoredDoc;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads documents from rows that select {@link #COLUMNS} in that order. */
final class DocRows {
  /** The columns, in order, that {@link #read} expects. */
  static final String COLUMNS = "id, value, version, deleted, seq, updated";

  private DocRows() {}

  /** Returns the document of the current row of {@code rows}, whose columns start at {@code first}. */
  static StoredDoc read(ResultSet rows, int first) throws SQLException {
    boolean deleted = rows.getBoolean(first + 3);
    return new StoredDoc(
        rows.getString(first),
        deleted ? null : rows.getBytes(first + 1),
        rows.getLong(first + 2),
        deleted,
        rows.getLong(first + 4),
        Micros.toInstant(rows.getLong(first + 5)));
  }
}
