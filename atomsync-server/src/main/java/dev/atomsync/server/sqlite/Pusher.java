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
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies the changes of one push inside a write transaction, as {@link
 * dev.atomsync.server.spi.Store#push} describes.
 *
 * <p>All lookups run first, as a few {@code IN} queries, and all writes go out as batches at the
 * end: the ids of one push are distinct, so no lookup depends on another change's write, and a
 * batch crosses from Java into SQLite once instead of once per row. New documents are plain
 * inserts and known ones plain updates, since the lookup already told which is which.
 */
final class Pusher {
  private static final String FIND_CHANGES =
      "SELECT change, id, version, seq FROM changes WHERE (id, change)";
  private static final String FIND_VERSIONS = "SELECT id, version FROM docs WHERE id";
  private static final String FIND_DOC = "SELECT " + DocRows.COLUMNS + " FROM docs WHERE id = ?";
  private static final String INSERT_DOC =
      "INSERT INTO docs (grp, version, seq, deleted, updated, author, value, id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_DOC =
      "UPDATE docs SET grp = ?, version = ?, seq = ?, deleted = ?, updated = ?, author = ?,"
          + " value = ? WHERE id = ?";
  private static final String INSERT_CHANGE =
      "INSERT INTO changes (id, change, version, seq, applied) VALUES (?, ?, ?, ?, ?)";

  private final WriteTx tx;
  private final String group;
  private final String author;
  private final Map<UUID, Applied> earlier = new HashMap<>();
  private final Map<String, Long> versions = new HashMap<>();
  private final Set<String> known = new HashSet<>();
  private PreparedStatement insertDoc;
  private PreparedStatement updateDoc;
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
    pusher.lookUp(changes);
    List<Outcome> outcomes = new ArrayList<>(changes.size());
    for (StoredChange change : changes) {
      outcomes.add(pusher.apply(change));
    }
    pusher.flush();
    return new StoredPushResult(List.copyOf(outcomes), tx.lastSeq());
  }

  private void lookUp(List<StoredChange> changes) throws SQLException {
    List<String> docIds = new ArrayList<>(changes.size());
    for (StoredChange change : changes) {
      docIds.add(change.id());
    }
    Lookups.forEach(
        tx,
        FIND_CHANGES,
        2,
        changes,
        (statement, index, change) -> {
          statement.setString(index, change.id());
          statement.setBytes(index + 1, bytes(change.change()));
        },
        row -> {
          UUID change = uuid(row.getBytes(1));
          earlier.put(change, new Applied(row.getString(2), row.getLong(3), row.getLong(4), true));
        });
    Lookups.forEach(
        tx,
        FIND_VERSIONS,
        docIds,
        (statement, index, key) -> statement.setString(index, key),
        row -> {
          versions.put(row.getString(1), row.getLong(2));
          known.add(row.getString(1));
        });
  }

  private Outcome apply(StoredChange change) throws SQLException {
    Applied first = earlier.get(change.change());
    if (first != null) {
      return requireSameDoc(change, first);
    }
    long version = versions.getOrDefault(change.id(), 0L);
    if (change.base() != version) {
      return new Stale(change.id(), currentDoc(change.id()));
    }
    Applied applied = new Applied(change.id(), version + 1, tx.nextSeq(), false);
    queueWrite(change, applied);
    versions.put(change.id(), applied.version());
    earlier.put(change.change(), new Applied(change.id(), applied.version(), applied.seq(), true));
    return applied;
  }

  private static Applied requireSameDoc(StoredChange change, Applied first) {
    if (!first.id().equals(change.id())) {
      // Change ids are random UUIDs made by clients; a clash means a client reuses them.
      throw new IllegalArgumentException(
          "change id " + change.change() + " was already applied to document " + first.id()
              + ", so it cannot also name a change of " + change.id());
    }
    return first;
  }

  private StoredDoc currentDoc(String id) throws SQLException {
    PreparedStatement find = tx.statement(FIND_DOC);
    find.setString(1, id);
    try (ResultSet rows = find.executeQuery()) {
      return rows.next() ? DocRows.read(rows) : null;
    }
  }

  private void queueWrite(StoredChange change, Applied applied) throws SQLException {
    if (insertChange == null) {
      insertDoc = tx.statement(INSERT_DOC);
      updateDoc = tx.statement(UPDATE_DOC);
      insertChange = tx.statement(INSERT_CHANGE);
    }
    // Both statements take the same parameters in the same order.
    PreparedStatement write = known.add(change.id()) ? insertDoc : updateDoc;
    boolean deleted = change.op() == Op.DELETE;
    write.setString(1, group);
    write.setLong(2, applied.version());
    write.setLong(3, applied.seq());
    write.setInt(4, deleted ? 1 : 0);
    write.setLong(5, tx.updatedMicros());
    write.setString(6, author);
    if (deleted) {
      write.setNull(7, Types.BLOB);
    } else {
      write.setBytes(7, change.value());
    }
    write.setString(8, change.id());
    write.addBatch();

    insertChange.setString(1, change.id());
    insertChange.setBytes(2, bytes(change.change()));
    insertChange.setLong(3, applied.version());
    insertChange.setLong(4, applied.seq());
    insertChange.setLong(5, tx.updatedMicros());
    insertChange.addBatch();
  }

  private void flush() throws SQLException {
    if (insertChange != null) {
      insertDoc.executeBatch();
      updateDoc.executeBatch();
      insertChange.executeBatch();
    }
  }

  private static byte[] bytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static UUID uuid(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
