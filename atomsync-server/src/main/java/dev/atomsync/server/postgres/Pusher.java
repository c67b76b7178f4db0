package dev.atomsync.server.postgres;

import dev.atomsync.core.Op;
import dev.atomsync.server.internal.Micros;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPushResult;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.spi.StoredPushResult.Stale;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Applies the changes of one push inside a write transaction, as {@link
 * dev.atomsync.server.spi.Store#push} describes.
 *
 * <p>As in the SQLite store, all lookups run first, each as one query over an array of keys, and
 * all writes go out as batches at the end: the ids of one push are distinct, so no lookup depends
 * on another change's write, and each query is one round trip to the server whatever the push's
 * size. A change that looks stale may be a retry of a superseded write; only those few are looked
 * up in {@code atomsync_superseded}.
 */
final class Pusher {
  private static final String FIND_CURRENT =
      "SELECT id, version, seq, updated, change FROM atomsync_docs WHERE id = ANY (?)";
  private static final String FIND_SUPERSEDED =
      "SELECT s.id, s.version, s.seq FROM atomsync_superseded s"
          + " JOIN unnest(?::text[], ?::uuid[]) AS k (id, change)"
          + " ON s.id = k.id AND s.change = k.change";
  private static final String FIND_DOCS =
      "SELECT " + DocRows.COLUMNS + " FROM atomsync_docs WHERE id = ANY (?)";
  private static final String INSERT_DOC =
      "INSERT INTO atomsync_docs (grp, version, seq, deleted, updated, author, value, change, id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_DOC =
      "UPDATE atomsync_docs SET grp = ?, version = ?, seq = ?, deleted = ?, updated = ?,"
          + " author = ?, value = ?, change = ? WHERE id = ?";
  private static final String GROUP_SINCE =
      "SELECT greatest(coalesce((SELECT max(seq) FROM atomsync_docs WHERE grp = ?), 0),"
          + " coalesce((SELECT purged_seq FROM atomsync_horizons WHERE grp = ?), 0))";
  private static final String INSERT_SUPERSEDED =
      "INSERT INTO atomsync_superseded (id, change, version, seq, applied)"
          + " VALUES (?, ?, ?, ?, ?)";

  /** A document's state before this push: its version and its last write, if still recorded. */
  private record Current(long version, long seq, long updated, @Nullable UUID change) {}

  /** A write to send once every outcome is known. */
  private record Write(StoredChange change, Applied applied, boolean known) {}

  private final WriteTx tx;
  private final String group;
  private final String author;
  private final Map<String, Current> current = new HashMap<>();
  private final List<StoredDoc> written = new ArrayList<>();
  private final List<Write> writes = new ArrayList<>();
  private final List<Map.Entry<String, Current>> superseded = new ArrayList<>();

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
    Outcome[] outcomes = new Outcome[changes.size()];
    List<Integer> maybeRetried = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = pusher.apply(changes.get(i));
      if (outcomes[i] == null) {
        maybeRetried.add(i);
      }
    }
    pusher.resolveStale(changes, maybeRetried, outcomes);
    long since = pusher.groupSince();
    pusher.flush();
    return new StoredPushResult(List.of(outcomes), tx.lastSeq(), since, pusher.written);
  }

  /**
   * Returns the group's highest seq before this push's writes, purged seqs included: read under
   * the write lock, so no other push, on any node, can come between it and this push's seqs.
   */
  private long groupSince() throws SQLException {
    try (PreparedStatement find = tx.prepare(GROUP_SINCE)) {
      find.setString(1, group);
      find.setString(2, group);
      try (ResultSet rows = find.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  private void lookUp(List<StoredChange> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    String[] ids = new String[changes.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = changes.get(i).id();
    }
    try (PreparedStatement find = tx.prepare(FIND_CURRENT)) {
      find.setArray(1, textArray(ids));
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          current.put(
              rows.getString(1),
              new Current(
                  rows.getLong(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getObject(5, UUID.class)));
        }
      }
    }
  }

  /**
   * Returns the outcome of {@code change} when the document alone decides it: a retry of its last
   * write, or a write on its current version. Returns null when the change looks stale, which
   * {@link #resolveStale} settles.
   */
  private @Nullable Outcome apply(StoredChange change) {
    Current now = current.get(change.id());
    if (now != null && now.change() != null && now.change().equals(change.change())) {
      return new Applied(change.id(), now.version(), now.seq(), true);
    }
    long version = now == null ? 0 : now.version();
    if (change.base() != version) {
      return null;
    }
    // A superseded change id can never be retried on the current version: its base is older.
    if (now != null && now.change() != null) {
      superseded.add(Map.entry(change.id(), now));
    }
    Applied applied = new Applied(change.id(), version + 1, tx.nextSeq(), false);
    writes.add(new Write(change, applied, now != null));
    written.add(writtenDoc(change, applied));
    return applied;
  }

  /** Returns the document as this push writes it, as a pull would read it back. */
  private StoredDoc writtenDoc(StoredChange change, Applied applied) {
    boolean deleted = change.op() == Op.DELETE;
    return new StoredDoc(change.id(), deleted ? null : change.value(), applied.version(), deleted,
        applied.seq(), Micros.toInstant(tx.updatedMicros()));
  }

  /**
   * Fills in the outcomes of the changes at {@code indexes}: the first outcome of a superseded
   * write they retry, else stale with the current document.
   */
  private void resolveStale(List<StoredChange> changes, List<Integer> indexes, Outcome[] outcomes)
      throws SQLException {
    if (indexes.isEmpty()) {
      return;
    }
    String[] ids = new String[indexes.size()];
    String[] changeIds = new String[indexes.size()];
    for (int i = 0; i < ids.length; i++) {
      StoredChange change = changes.get(indexes.get(i));
      ids[i] = change.id();
      changeIds[i] = change.change().toString();
    }
    Map<String, Applied> retried = new HashMap<>();
    try (PreparedStatement find = tx.prepare(FIND_SUPERSEDED)) {
      find.setArray(1, textArray(ids));
      find.setArray(2, textArray(changeIds));
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          String id = rows.getString(1);
          retried.put(id, new Applied(id, rows.getLong(2), rows.getLong(3), true));
        }
      }
    }
    List<String> staleIds = new ArrayList<>();
    for (String id : ids) {
      if (!retried.containsKey(id)) {
        staleIds.add(id);
      }
    }
    Map<String, StoredDoc> docs = currentDocs(staleIds);
    for (int index : indexes) {
      String id = changes.get(index).id();
      Applied first = retried.get(id);
      outcomes[index] = first != null ? first : new Stale(id, docs.get(id));
    }
  }

  private Map<String, StoredDoc> currentDocs(List<String> ids) throws SQLException {
    Map<String, StoredDoc> docs = new HashMap<>();
    if (ids.isEmpty()) {
      return docs;
    }
    try (PreparedStatement find = tx.prepare(FIND_DOCS)) {
      find.setArray(1, textArray(ids.toArray(String[]::new)));
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          StoredDoc doc = DocRows.read(rows, 1);
          docs.put(doc.id(), doc);
        }
      }
    }
    return docs;
  }

  private void flush() throws SQLException {
    if (writes.isEmpty()) {
      return;
    }
    if (!superseded.isEmpty()) {
      try (PreparedStatement insert = tx.prepare(INSERT_SUPERSEDED)) {
        for (Map.Entry<String, Current> entry : superseded) {
          Current old = entry.getValue();
          insert.setString(1, entry.getKey());
          insert.setObject(2, old.change());
          insert.setLong(3, old.version());
          insert.setLong(4, old.seq());
          insert.setLong(5, old.updated());
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    try (PreparedStatement insert = tx.prepare(INSERT_DOC);
        PreparedStatement update = tx.prepare(UPDATE_DOC)) {
      boolean inserts = false;
      boolean updates = false;
      for (Write write : writes) {
        // Both statements take the same parameters in the same order.
        PreparedStatement statement = write.known() ? update : insert;
        bind(statement, write);
        statement.addBatch();
        inserts |= !write.known();
        updates |= write.known();
      }
      if (inserts) {
        insert.executeBatch();
      }
      if (updates) {
        update.executeBatch();
      }
    }
    tx.announce(group);
  }

  private void bind(PreparedStatement statement, Write write) throws SQLException {
    StoredChange change = write.change();
    boolean deleted = change.op() == Op.DELETE;
    statement.setString(1, group);
    statement.setLong(2, write.applied().version());
    statement.setLong(3, write.applied().seq());
    statement.setBoolean(4, deleted);
    statement.setLong(5, tx.updatedMicros());
    statement.setString(6, author);
    if (deleted) {
      statement.setNull(7, Types.BINARY);
    } else {
      statement.setBytes(7, change.value());
    }
    statement.setObject(8, change.change());
    statement.setString(9, change.id());
  }

  private Array textArray(String[] values) throws SQLException {
    return tx.connection().createArrayOf("text", values);
  }
}
