package dev.atomsync.server.sqlite;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPushResult;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.spi.StoredPushResult.Stale;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies the changes of one push inside a write transaction, as {@link
 * dev.atomsync.server.spi.Store#push} describes.
 *
 * <p>All lookups run first and all writes go out as two batches at the end: the ids of one push
 * are distinct, so no lookup depends on another change's write, and a batch crosses from Java
 * into SQLite once instead of once per row.
 */
final class Pusher {
  private static final String FIND_CHANGE = "SELECT id, version, seq FROM changes WHERE change = ?";
  private static final String FIND_VERSION = "SELECT version FROM docs WHERE id = ?";
  private static final String FIND_DOC = "SELECT " + DocRows.COLUMNS + " FROM docs WHERE id = ?";
  private static final String UPSERT_DOC =
      "INSERT INTO docs (id, grp, version, seq, deleted, updated, author, value)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET grp = excluded.grp, version = excluded.version,"
          + " seq = excluded.seq, deleted = excluded.deleted, updated = excluded.updated,"
          + " author = excluded.author, value = excluded.value";
  private static final String INSERT_CHANGE =
      "INSERT INTO changes (change, id, version, seq, applied) VALUES (?, ?, ?, ?, ?)";

  private final WriteTx tx;
  private final String group;
  private final String author;
  private final Map<UUID, Applied> appliedHere = new HashMap<>();
  private PreparedStatement upsertDoc;
  private PreparedStatement insertChange;

  private Pusher(WriteTx tx, String group, String author) {
    this.tx = tx;
    this.group = group;
    this.author = author;
  }

  /** Applies {@code changes} to {@code group} within {@code tx} and returns their outcomes. */
  static StoredPushResult push(WriteTx tx, String group, String author, List<StoredChange> changes)
      throws SQLException {
    Pusher pusher = new Pusher(tx, group, author);
    List<Outcome> outcomes = new ArrayList<>(changes.size());
    for (StoredChange change : changes) {
      outcomes.add(pusher.apply(change));
    }
    pusher.flush();
    return new StoredPushResult(List.copyOf(outcomes), tx.lastSeq());
  }

  private Outcome apply(StoredChange change) throws SQLException {
    Applied earlier = earlierOutcome(change);
    if (earlier != null) {
      return earlier;
    }
    long version = currentVersion(change.id());
    if (change.base() != version) {
      return new Stale(change.id(), currentDoc(change.id()));
    }
    Applied applied = new Applied(change.id(), version + 1, tx.nextSeq(), false);
    queueWrite(change, applied);
    appliedHere.put(change.change(), new Applied(change.id(), applied.version(), applied.seq(), true));
    return applied;
  }

  private Applied earlierOutcome(StoredChange change) throws SQLException {
    Applied here = appliedHere.get(change.change());
    if (here != null) {
      return requireSameDoc(change, here.id(), here);
    }
    PreparedStatement find = tx.statement(FIND_CHANGE);
    find.setBytes(1, bytes(change.change()));
    try (ResultSet rows = find.executeQuery()) {
      if (!rows.next()) {
        return null;
      }
      Applied earlier = new Applied(change.id(), rows.getLong(2), rows.getLong(3), true);
      return requireSameDoc(change, rows.getString(1), earlier);
    }
  }

  private static Applied requireSameDoc(StoredChange change, String firstId, Applied earlier) {
    if (!firstId.equals(change.id())) {
      // Change ids are random UUIDs made by clients; a clash means a client reuses them.
      throw new IllegalArgumentException(
          "change id " + change.change() + " was already applied to document " + firstId
              + ", so it cannot also name a change of " + change.id());
    }
    return earlier;
  }

  private long currentVersion(String id) throws SQLException {
    PreparedStatement find = tx.statement(FIND_VERSION);
    find.setString(1, id);
    try (ResultSet rows = find.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private StoredDoc currentDoc(String id) throws SQLException {
    PreparedStatement find = tx.statement(FIND_DOC);
    find.setString(1, id);
    try (ResultSet rows = find.executeQuery()) {
      return rows.next() ? DocRows.read(rows) : null;
    }
  }

  private void queueWrite(StoredChange change, Applied applied) throws SQLException {
    if (upsertDoc == null) {
      upsertDoc = tx.statement(UPSERT_DOC);
      insertChange = tx.statement(INSERT_CHANGE);
    }
    boolean deleted = change.op() == Op.DELETE;
    upsertDoc.setString(1, change.id());
    upsertDoc.setString(2, group);
    upsertDoc.setLong(3, applied.version());
    upsertDoc.setLong(4, applied.seq());
    upsertDoc.setInt(5, deleted ? 1 : 0);
    upsertDoc.setLong(6, tx.updatedMicros());
    upsertDoc.setString(7, author);
    if (deleted) {
      upsertDoc.setNull(8, Types.BLOB);
    } else {
      upsertDoc.setBytes(8, change.value());
    }
    upsertDoc.addBatch();

    insertChange.setBytes(1, bytes(change.change()));
    insertChange.setString(2, change.id());
    insertChange.setLong(3, applied.version());
    insertChange.setLong(4, applied.seq());
    insertChange.setLong(5, tx.updatedMicros());
    insertChange.addBatch();
  }

  private void flush() throws SQLException {
    if (upsertDoc != null) {
      upsertDoc.executeBatch();
      insertChange.executeBatch();
    }
  }

  private static byte[] bytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }
}
