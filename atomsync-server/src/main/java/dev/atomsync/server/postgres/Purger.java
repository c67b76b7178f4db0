package dev.atomsync.server.postgres;

import dev.atomsync.server.spi.PurgeResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hard-deletes old tombstones and change ids inside a write transaction, as {@link
 * dev.atomsync.server.spi.Store#purge} describes, the same way the SQLite store does.
 *
 * <p>Purge holds the write lock like a push: a push that read a tombstone must not have it
 * deleted under it. Updated times rise with seq (pushes commit one at a time and updated times
 * never go back), so the old tombstones of a group are those up to the highest seq among them;
 * deleting by seq keeps the horizon's promise (every purged seq is at most the horizon).
 */
final class Purger {
  private static final String FORGET_LAST_CHANGES =
      "UPDATE atomsync_docs SET change = NULL WHERE change IS NOT NULL AND updated < ?";
  private static final String DELETE_SUPERSEDED =
      "DELETE FROM atomsync_superseded WHERE applied < ?";
  private static final String OLD_TOMBSTONES =
      "SELECT grp, max(seq) FROM atomsync_docs WHERE deleted AND updated < ? GROUP BY grp";
  private static final String DELETE_TOMBSTONES =
      "DELETE FROM atomsync_docs WHERE grp = ? AND deleted AND seq <= ?";
  private static final String RAISE_HORIZON =
      "INSERT INTO atomsync_horizons AS h (grp, purged_seq) VALUES (?, ?)"
          + " ON CONFLICT (grp) DO UPDATE SET purged_seq = greatest(h.purged_seq, excluded.purged_seq)"
          + " RETURNING purged_seq";

  private Purger() {}

  /** Purges what was last updated before {@code olderThanMicros} and reports what went. */
  static PurgeResult purge(WriteTx tx, long olderThanMicros) throws SQLException {
    long changeIds = update(tx, FORGET_LAST_CHANGES, olderThanMicros)
        + update(tx, DELETE_SUPERSEDED, olderThanMicros);
    Map<String, Long> purgedUpTo = oldTombstones(tx, olderThanMicros);
    long tombstones = 0;
    Map<String, Long> horizons = new LinkedHashMap<>();
    try (PreparedStatement delete = tx.prepare(DELETE_TOMBSTONES);
        PreparedStatement raise = tx.prepare(RAISE_HORIZON)) {
      for (Map.Entry<String, Long> group : purgedUpTo.entrySet()) {
        delete.setString(1, group.getKey());
        delete.setLong(2, group.getValue());
        tombstones += delete.executeUpdate();
        raise.setString(1, group.getKey());
        raise.setLong(2, group.getValue());
        try (ResultSet rows = raise.executeQuery()) {
          rows.next();
          horizons.put(group.getKey(), rows.getLong(1));
        }
      }
    }
    return new PurgeResult(tombstones, changeIds, Map.copyOf(horizons));
  }

  private static long update(WriteTx tx, String sql, long olderThanMicros) throws SQLException {
    try (PreparedStatement statement = tx.prepare(sql)) {
      statement.setLong(1, olderThanMicros);
      return statement.executeUpdate();
    }
  }

  private static Map<String, Long> oldTombstones(WriteTx tx, long olderThanMicros)
      throws SQLException {
    Map<String, Long> purgedUpTo = new LinkedHashMap<>();
    try (PreparedStatement query = tx.prepare(OLD_TOMBSTONES)) {
      query.setLong(1, olderThanMicros);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          purgedUpTo.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return purgedUpTo;
  }
}
