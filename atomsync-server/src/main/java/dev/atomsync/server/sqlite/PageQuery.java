package dev.atomsync.server.sqlite;

import dev.atomsync.server.spi.PageSink;
import dev.atomsync.server.spi.StoredDoc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one page of a pull, as {@link dev.atomsync.server.spi.Store#pull} describes it. */
final class PageQuery {
  private static final String HORIZON = "SELECT purged_seq FROM horizons WHERE grp = ?";
  private static final String CHANGED =
      "SELECT " + DocRows.COLUMNS + " FROM docs WHERE grp = ? AND seq > ? ORDER BY seq LIMIT ?";
  private static final String LIVE =
      "SELECT " + DocRows.COLUMNS
          + " FROM docs WHERE grp = ? AND seq > 0 AND deleted = 0 ORDER BY seq LIMIT ?";
  private static final String GROUP_MAX = "SELECT max(seq) FROM docs WHERE grp = ?";

  private PageQuery() {}

  /**
   * Reads the page and hands it to {@code sink} row by row; the caller runs it in one read
   * transaction so all queries share a snapshot.
   */
  static void read(
      Statements reader, String group, long since, long clientHorizon, int limit, PageSink sink)
      throws SQLException {
    long horizon = horizon(reader, group);
    boolean reset = 0 < since && since < horizon && clientHorizon < horizon;
    PreparedStatement query;
    if (reset) {
      query = reader.get(LIVE);
      query.setString(1, group);
      query.setInt(2, limit + 1);
    } else {
      query = reader.get(CHANGED);
      query.setString(1, group);
      query.setLong(2, since);
      query.setInt(3, limit + 1);
    }
    int count = 0;
    long lastSeq = -1;
    boolean more = false;
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        if (count == limit) {
          more = true;
          break;
        }
        StoredDoc doc = DocRows.read(rows);
        sink.doc(doc);
        lastSeq = doc.seq();
        count++;
      }
    }
    long cursor;
    if (more) {
      cursor = lastSeq;
    } else if (reset) {
      // A reset skips tombstones, so the page's last seq may be below the group's newest change.
      cursor = Math.max(groupMax(reader, group), horizon);
    } else {
      // The page holds every change after since, so its last seq is the group's highest.
      long last = count == 0 ? since : lastSeq;
      cursor = Math.max(Math.max(since, last), horizon);
    }
    sink.end(cursor, more, reset, horizon);
  }

  private static long horizon(Statements reader, String group) throws SQLException {
    PreparedStatement query = reader.get(HORIZON);
    query.setString(1, group);
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static long groupMax(Statements reader, String group) throws SQLException {
    PreparedStatement query = reader.get(GROUP_MAX);
    query.setString(1, group);
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }
}
