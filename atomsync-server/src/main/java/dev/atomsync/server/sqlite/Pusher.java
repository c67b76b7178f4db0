package dev.atomsync.server.sqlite;

import dev.atomsync.core.Op;
import dev.atomsync.server.internal.Micros;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPushResult;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.spi.StoredPushResult.Stale;
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
 * <p>All lookups run first, as a few {@code IN} queries, and all writes go out as batches at the
 * end: the ids of one push are distinct, so no lookup depends on another change's write, and a
 * batch crosses from Java into SQLite once instead of once per row. New documents are plain
 * inserts and known ones plain updates, since the lookup already told which is which.
 *
 * <p>A document row carries the change id of its last write, so the one lookup of the documents
 * also finds a retry of that write. A change that looks stale may instead be a retry of an older,
 * superseded write; only those few are looked up in {@code superseded}, after the main pass.
 *
 * <p>A push that only creates documents (every base 0, the common case of a client's new data)
 * skips the lookup: its inserts go out at once, and since an insert finds an existing id by
 * itself, one that finds one undoes the attempt and the push takes the way above.
 */
final class Pusher {
  private static final String FIND_CURRENT =
      "SELECT id, version, seq, updated, change FROM docs WHERE id";
  private static final String FIND_SUPERSEDED =
      "SELECT id, version, seq FROM superseded WHERE (id, change)";
  private static final String FIND_DOC = "SELECT " + DocRows.COLUMNS + " FROM docs WHERE id = ?";
  // Does nothing on a known id: only a push that skipped the lookup can meet one (see createAll).
  private static final String INSERT_DOC =
      "INSERT INTO docs (grp, version, seq, deleted, updated, author, value, change, id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  private static final String UPDATE_DOC =
      "UPDATE docs SET grp = ?, version = ?, seq = ?, deleted = ?, updated = ?, author = ?,"
          + " value = ?, change = ? WHERE id = ?";
  private static final String GROUP_SINCE =
      "SELECT max(coalesce((SELECT max(seq) FROM docs WHERE grp = ?), 0),"
          + " coalesce((SELECT purged_seq FROM horizons WHERE grp = ?), 0))";
  private static final String SAVEPOINT = "SAVEPOINT create_all";
  private static final String UNDO_SAVEPOINT = "ROLLBACK TO create_all";
  private static final String RELEASE_SAVEPOINT = "RELEASE create_all";
  private static final String INSERT_SUPERSEDED =
      "INSERT INTO superseded (id, change, version, seq, applied) VALUES (?, ?, ?, ?, ?)";

  /** A document's state before this push: its version and its last write, if still recorded. */
  private record Current(long version, long seq, long updated, @Nullable UUID change) {}

  private final WriteTx tx;
  private final String group;
  private final String author;
  private final Map<String, Current> current = new HashMap<>();
  private final List<StoredDoc> written = new ArrayList<>();
  private PreparedStatement insertDoc;
  private PreparedStatement updateDoc;
  private PreparedStatement insertSuperseded;

  private Pusher(WriteTx tx, String group, String author) {
    this.tx = tx;
    this.group = group;
    this.author = author;
  }

  /** Applies {@code changes} to {@code group} within {@code tx} and returns their outcomes. */
  static StoredPushResult push(WriteTx tx, String group, String author, List<StoredChange> changes)
      throws SQLException {
    Pusher pusher = new Pusher(tx, group, author);
    if (!changes.isEmpty() && allCreate(changes)) {
      StoredPushResult created = pusher.createAll(changes);
      if (created != null) {
        return created;
      }
    }
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

  private static boolean allCreate(List<StoredChange> changes) {
    for (StoredChange change : changes) {
      if (change.base() != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Inserts {@code changes}, which all create a document, without looking their ids up. Returns
   * null, having written nothing and used no seq, when one of the ids is known: a retry or a stale
   * write, which only the lookups can settle.
   */
  private @Nullable StoredPushResult createAll(List<StoredChange> changes) throws SQLException {
    long seqBefore = tx.lastSeq();
    long since = groupSince();
    tx.statement(SAVEPOINT).execute();
    List<Outcome> outcomes = new ArrayList<>(changes.size());
    for (StoredChange change : changes) {
      Applied applied = new Applied(change.id(), 1, tx.nextSeq(), false);
      queueWrite(change, applied, false);
      outcomes.add(applied);
    }
    if (!oneRowEach(insertDoc.executeBatch())) {
      tx.statement(UNDO_SAVEPOINT).execute();
      tx.statement(RELEASE_SAVEPOINT).execute();
      tx.rewindSeqs(seqBefore);
      return null;
    }
    tx.statement(RELEASE_SAVEPOINT).execute();
    for (int i = 0; i < changes.size(); i++) {
      written.add(writtenDoc(changes.get(i), (Applied) outcomes.get(i)));
    }
    return new StoredPushResult(outcomes, tx.lastSeq(), since, written);
  }

  /**
   * Returns the group's highest seq before this push's writes, purged seqs included: read inside
   * the write transaction, so no other push can come between it and this push's seqs.
   */
  private long groupSince() throws SQLException {
    PreparedStatement find = tx.statement(GROUP_SINCE);
    find.setString(1, group);
    find.setString(2, group);
    try (ResultSet rows = find.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private void lookUp(List<StoredChange> changes) throws SQLException {
    List<String> docIds = new ArrayList<>(changes.size());
    for (StoredChange change : changes) {
      docIds.add(change.id());
    }
    Lookups.forEach(
        tx,
        FIND_CURRENT,
        docIds,
        (statement, index, key) -> statement.setString(index, key),
        row -> {
          byte[] change = row.getBytes(5);
          current.put(
              row.getString(1),
              new Current(
                  row.getLong(2),
                  row.getLong(3),
                  row.getLong(4),
                  change == null ? null : ChangeIds.uuid(change)));
        });
  }

  /**
   * Returns the outcome of {@code change} when the document alone decides it: a retry of its last
   * write, or a write on its current version. Returns null when the change looks stale, which
   * {@link #resolveStale} settles.
   */
  private @Nullable Outcome apply(StoredChange change) throws SQLException {
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
      queueSuperseded(change.id(), now);
    }
    Applied applied = new Applied(change.id(), version + 1, tx.nextSeq(), false);
    queueWrite(change, applied, now != null);
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
    List<StoredChange> stale = new ArrayList<>(indexes.size());
    for (int index : indexes) {
      stale.add(changes.get(index));
    }
    Map<String, Applied> retried = new HashMap<>();
    Lookups.forEach(
        tx,
        FIND_SUPERSEDED,
        2,
        stale,
        (statement, index, change) -> {
          statement.setString(index, change.id());
          statement.setBytes(index + 1, ChangeIds.bytes(change.change()));
        },
        row -> {
          String id = row.getString(1);
          retried.put(id, new Applied(id, row.getLong(2), row.getLong(3), true));
        });
    for (int index : indexes) {
      String id = changes.get(index).id();
      Applied first = retried.get(id);
      outcomes[index] = first != null ? first : new Stale(id, currentDoc(id));
    }
  }

  private StoredDoc currentDoc(String id) throws SQLException {
    PreparedStatement find = tx.statement(FIND_DOC);
    find.setString(1, id);
    try (ResultSet rows = find.executeQuery()) {
      return rows.next() ? DocRows.read(rows) : null;
    }
  }

  /** Queues the record of {@code superseded}'s last write, which the next write replaces. */
  private void queueSuperseded(String id, Current superseded) throws SQLException {
    if (insertSuperseded == null) {
      insertSuperseded = tx.statement(INSERT_SUPERSEDED);
    }
    insertSuperseded.setString(1, id);
    insertSuperseded.setBytes(2, ChangeIds.bytes(superseded.change()));
    insertSuperseded.setLong(3, superseded.version());
    insertSuperseded.setLong(4, superseded.seq());
    insertSuperseded.setLong(5, superseded.updated());
    insertSuperseded.addBatch();
  }

  private void queueWrite(StoredChange change, Applied applied, boolean known)
      throws SQLException {
    if (insertDoc == null) {
      insertDoc = tx.statement(INSERT_DOC);
      updateDoc = tx.statement(UPDATE_DOC);
    }
    // Both statements take the same parameters in the same order.
    PreparedStatement write = known ? updateDoc : insertDoc;
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
    write.setBytes(8, ChangeIds.bytes(change.change()));
    write.setString(9, change.id());
    write.addBatch();
  }

  private void flush() throws SQLException {
    if (insertSuperseded != null) {
      insertSuperseded.executeBatch();
    }
    if (insertDoc != null) {
      requireOneRowEach(insertDoc.executeBatch(), "an insert met a document the lookup missed");
      requireOneRowEach(updateDoc.executeBatch(), "an update missed a document the lookup found");
    }
  }

  /**
   * Fails the push (the writer rolls it back) unless every write of a batch changed one row: the
   * outcomes already say so, and the insert would otherwise pass over a known id silently.
   */
  private static void requireOneRowEach(int[] counts, String otherwise) {
    if (!oneRowEach(counts)) {
      throw new IllegalStateException(otherwise);
    }
  }

  /** Returns whether every write of a batch changed exactly one row. */
  private static boolean oneRowEach(int[] counts) {
    for (int count : counts) {
      if (count != 1) {
        return false;
      }
    }
    return true;
  }
}
