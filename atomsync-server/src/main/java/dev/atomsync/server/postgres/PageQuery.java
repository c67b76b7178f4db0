package dev.atomsync.server.postgres;

import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page of a pull, as {@link dev.atomsync.server.spi.Store#pull} describes it.
 *
 * <p>One statement reads the horizon, the group's highest seq and the page, so all three come from
 * the same snapshot without a transaction around them, in one round trip. Every row carries the
 * horizon and the group's highest seq; a page without documents is one row of those alone. The
 * page is a range scan of {@code atomsync_docs_group_seq} either way: from {@code since}, or for a
 * reset from the start, skipping tombstones.
 */
final class PageQuery {
  private static final String PAGE =
      """
      WITH p AS (
        SELECT coalesce((SELECT purged_seq FROM atomsync_horizons WHERE grp = ?), 0) AS horizon,
               coalesce((SELECT max(seq) FROM atomsync_docs WHERE grp = ?), 0) AS group_max),
      r AS (SELECT horizon, group_max, (? > 0 AND ? < horizon AND ? < horizon) AS reset FROM p)
      SELECT r.horizon, r.group_max, r.reset, d.id, d.value, d.version, d.deleted, d.seq, d.updated
      FROM r LEFT JOIN LATERAL (
        SELECT id, value, version, deleted, seq, updated FROM atomsync_docs
        WHERE grp = ? AND seq > (CASE WHEN r.reset THEN 0 ELSE ? END)
          AND (NOT r.reset OR NOT deleted)
        ORDER BY seq LIMIT ?) d ON true
      ORDER BY d.seq""";

  private PageQuery() {}

  /** Reads the page with {@code connection}, which is in auto-commit mode. */
  static StoredPage read(
      Connection connection, String group, long since, long clientHorizon, int limit)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(PAGE)) {
      query.setString(1, group);
      query.setString(2, group);
      query.setLong(3, since);
      query.setLong(4, since);
      query.setLong(5, clientHorizon);
      query.setString(6, group);
      query.setLong(7, since);
      query.setInt(8, limit + 1);
      List<StoredDoc> docs = new ArrayList<>(Math.min(limit, 1024));
      long horizon = 0;
      long groupMax = 0;
      boolean reset = false;
      boolean more = false;
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          horizon = rows.getLong(1);
          groupMax = rows.getLong(2);
          reset = rows.getBoolean(3);
          if (rows.getString(4) == null) {
            break;
          }
          if (docs.size() == limit) {
            more = true;
            break;
          }
          docs.add(DocRows.read(rows, 4));
        }
      }
      long cursor;
      if (more) {
        cursor = docs.getLast().seq();
      } else if (reset) {
        // A reset skips tombstones, so the page's last seq may be below the group's newest change.
        cursor = Math.max(groupMax, horizon);
      } else {
        // The page holds every change after since, so its last seq is the group's highest.
        long last = docs.isEmpty() ? since : docs.getLast().seq();
        cursor = Math.max(Math.max(since, last), horizon);
      }
      return new StoredPage(List.copyOf(docs), cursor, more, reset, horizon);
    }
  }
}
