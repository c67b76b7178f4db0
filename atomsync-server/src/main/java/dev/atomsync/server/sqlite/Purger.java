package dev.atomsync.server.sqlite;

import dev.atomsync.server.spi.PurgeResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hard-deletes old tombstones and change ids inside a write transaction, as {@link
 * dev.atomsync.server.spi.Store#purge} describes.
 *
 * <p>Updated times rise with seq, so the tombstones of a group updated before the cut-off are
 * exactly those up to the highest seq among them; deleting by seq keeps the horizon's promise
 * (every purged seq is at most the horizon) true even if that ever stopped holding.
 *
 * <p>A change id lives either on its document's row (the last write, applied at the row's
 * updated time) or in {@code superseded}; both places are purged by time. Document rows are
 * cleared first, so the ids of tombstones about to go are counted like the rest.
 */
final class Purger {
  private static final String OLD_TOMBSTONES =
      "SELECT grp, max(seq) FROM docs WHERE deleted = 1 AND updated < ? GROUP BY grp";
  private static final String DELETE_TOMBSTONES =
      "DELETE FROM docs WHERE grp = ? AND deleted = 1 AND seq <= ?";
  private static final String HORIZON = "SELECT purged_seq FROM horizons WHERE grp = ?";
  private static final String RAISE_HORIZON =
      "INSERT INTO horizons (grp, purged_seq) VALUES (?, ?)"
          + " ON CONFLICT (grp) DO UPDATE SET purged_seq = excluded.purged_seq";
  private static final String FORGET_LAST_CHANGES =
      "UPDATE docs SET change = NULL WHERE change IS NOT NULL AND updated < ?";
  private static final String DELETE_SUPERSEDED = "DELETE FROM superseded WHERE applied < ?";

  private Purger() {}

  /** Purges what was last updated before {@code olderThanMicros} and reports what went. */
  static PurgeResult purge(WriteTx tx, long olderThanMicros) throws SQLException {
    long changeIds = forgetChangeIds(tx, olderThanMicros);
    Map<String, Long> purgedUpTo = oldTombstones(tx, olderThanMicros);
    long tombstones = 0;
    Map<String, Long> horizons = new LinkedHashMap<>();
    for (Map.Entry<String, Long> group : purgedUpTo.entrySet()) {
      PreparedStatement delete = tx.statement(DELETE_TOMBSTONES);
      delete.setString(1, group.getKey());
      delete.setLong(2, group.getValue());
      tombstones += delete.executeUpdate();
      horizons.put(group.getKey(), raiseHorizon(tx, group.getKey(), group.getValue()));
    }
    return new PurgeResult(tombstones, changeIds, Map.copyOf(horizons));
  }

  private static long forgetChangeIds(WriteTx tx, long olderThanMicros) throws SQLException {
    PreparedStatement forgetLast = tx.statement(FORGET_LAST_CHANGES);
    forgetLast.setLong(1, olderThanMicros);
    long forgotten = forgetLast.executeUpdate();
    PreparedStatement deleteSuperseded = tx.statement(DELETE_SUPERSEDED);
    deleteSuperseded.setLong(1, olderThanMicros);
    return forgotten + deleteSuperseded.executeUpdate();
  }

  private static Map<String, Long> oldTombstones(WriteTx tx, long olderThanMicros)
      throws SQLException {
    PreparedStatement query = tx.statement(OLD_TOMBSTONES);
    query.setLong(1, olderThanMicros);
    Map<String, Long> purgedUpTo = new LinkedHashMap<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        purgedUpTo.put(rows.getString(1), rows.getLong(2));
      }
    }
    return purgedUpTo;
  }

  private static long raiseHorizon(WriteTx tx, String group, long purgedSeq) throws SQLException {
    PreparedStatement query = tx.statement(HORIZON);
    query.setString(1, group);
    long old;
    try (ResultSet rows = query.executeQuery()) {
      old = rows.next() ? rows.getLong(1) : 0;
    }
    long raised = Math.max(old, purgedSeq);
    if (raised != old) {
      PreparedStatement raise = tx.statement(RAISE_HORIZON);
      raise.setString(1, group);
      raise.setLong(2, raised);
      raise.executeUpdate();
    }
    return raised;
  }
}
