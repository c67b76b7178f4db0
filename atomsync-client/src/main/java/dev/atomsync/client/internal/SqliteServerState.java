package dev.atomsync.client.internal;

import static dev.atomsync.client.internal.SqliteOutbox.setBytes;
import static java.util.Objects.requireNonNull;

import dev.atomsync.client.spi.Ack;
import dev.atomsync.client.spi.LocalChange;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.PullPosition;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.client.spi.StoredDoc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The statements that apply what the server holds (pulls, acknowledgements, settled conflicts) as
 * {@link dev.atomsync.client.spi.LocalStore} describes, inside a transaction of {@link
 * SqliteLocalStore}.
 */
final class SqliteServerState {
  private static final String INSERT_DOC = """
      INSERT INTO docs (id, grp, value, base_value, base_is_local, base_version)
      VALUES (?, ?, ?, ?, ?, ?)""";
  /** Writes a document's local value and base, and clears its remote state. */
  private static final String PUT = INSERT_DOC + """

      ON CONFLICT (id) DO UPDATE
      SET value = excluded.value, base_value = excluded.base_value,
          base_is_local = excluded.base_is_local, base_version = excluded.base_version,
          remote_value = NULL, remote_version = 0""";
  /** Writes a document the store does not have yet, as {@link #PUT} would; else nothing. */
  private static final String INSERT_NEW = INSERT_DOC + "\nON CONFLICT (id) DO NOTHING";

  private final SqliteStatements statements;
  private final SqliteOutbox outbox;
  private final Supplier<UUID> changeIds;

  SqliteServerState(SqliteStatements statements, SqliteOutbox outbox, Supplier<UUID> changeIds) {
    this.statements = statements;
    this.outbox = outbox;
    this.changeIds = changeIds;
  }

  /** Returns what the store keeps of document {@code id}; null when nothing. */
  @Nullable StoredDoc document(String id) throws SQLException {
    PreparedStatement select = statements.get("""
        SELECT value, CASE WHEN base_is_local THEN value ELSE base_value END, base_version,
               remote_value, remote_version
        FROM docs WHERE id = ?""");
    select.setString(1, id);
    try (ResultSet row = select.executeQuery()) {
      return row.next()
          ? new StoredDoc(id, row.getBytes(1), row.getBytes(2), row.getLong(3), row.getBytes(4),
              row.getLong(5))
          : null;
    }
  }

  /** Returns the pull position of {@code group}. */
  PullPosition position(String group) throws SQLException {
    PreparedStatement select =
        statements.get("SELECT cursor, horizon FROM cursors WHERE grp = ?");
    select.setString(1, group);
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? new PullPosition(row.getLong(1), row.getLong(2)) : PullPosition.START;
    }
  }

  /** Applies a pulled page and sets the position, as {@code LocalStore.applyPull}. */
  List<LocalChange> applyPull(String group, List<RemoteDoc> pulled, PullPosition next,
      boolean reset) throws SQLException {
    List<LocalChange> changes = new ArrayList<>();
    for (RemoteDoc remote : pulled) {
      applyPulled(group, remote, changes);
    }
    if (reset) {
      dropAllBut(group, pulled, changes);
    }
    PreparedStatement position = statements.get("""
        INSERT INTO cursors (grp, cursor, horizon) VALUES (?, ?, ?)
        ON CONFLICT (grp) DO UPDATE SET cursor = excluded.cursor, horizon = excluded.horizon""");
    position.setString(1, group);
    position.setLong(2, next.cursor());
    position.setLong(3, next.horizon());
    position.executeUpdate();
    return changes;
  }

  private void applyPulled(String group, RemoteDoc remote, List<LocalChange> changes)
      throws SQLException {
    String id = remote.id();
    // Most pulled documents are new to a client (its first sync): insert at once, and read the
    // row's state only when there is one. Reading it first cost as much as the insert.
    if (remote.version() > 0 && writeDoc(INSERT_NEW, group, id, remote.value(), remote.value(),
        remote.version()) == 1) {
      if (remote.value() != null) {
        changes.add(new LocalChange(id, remote.value()));
      }
      return;
    }
    PreparedStatement select = statements.get("""
        SELECT value, base_version, remote_version,
               pending_seq IS NOT NULL
                 OR EXISTS (SELECT 1 FROM inflight WHERE inflight.id = docs.id)
        FROM docs WHERE id = ?""");
    select.setString(1, id);
    byte[] local = null;
    long baseVersion = 0;
    long remoteVersion = 0;
    boolean entries = false;
    try (ResultSet row = select.executeQuery()) {
      if (row.next()) {
        local = row.getBytes(1);
        baseVersion = row.getLong(2);
        remoteVersion = row.getLong(3);
        entries = row.getBoolean(4);
      }
    }
    if (entries) {
      if (remote.version() > Math.max(baseVersion, remoteVersion)) {
        PreparedStatement keep = statements.get(
            "UPDATE docs SET remote_value = ?, remote_version = ? WHERE id = ?");
        setBytes(keep, 1, remote.value());
        keep.setLong(2, remote.version());
        keep.setString(3, id);
        keep.executeUpdate();
      }
      return;
    }
    if (remote.version() <= baseVersion) {
      return;
    }
    putDoc(group, id, remote.value(), remote.value(), remote.version());
    if (!Arrays.equals(local, remote.value())) {
      changes.add(new LocalChange(id, remote.value()));
    }
  }

  /** Drops the documents of {@code group} that are neither in {@code live} nor in the outbox. */
  private void dropAllBut(String group, List<RemoteDoc> live, List<LocalChange> changes)
      throws SQLException {
    Set<String> kept = new HashSet<>();
    live.forEach(doc -> kept.add(doc.id()));
    PreparedStatement select = statements.get("""
        SELECT id, value IS NOT NULL FROM docs
        WHERE id >= ? AND id < ? AND pending_seq IS NULL
          AND NOT EXISTS (SELECT 1 FROM inflight WHERE inflight.id = docs.id)
        ORDER BY id""");
    select.setString(1, group + ":");
    select.setString(2, group + ";");
    List<String> dropped = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString(1);
        if (!kept.contains(id)) {
          dropped.add(id);
          if (rows.getBoolean(2)) {
            changes.add(new LocalChange(id, null));
          }
        }
      }
    }
    PreparedStatement delete = statements.get("DELETE FROM docs WHERE id = ?");
    for (String id : dropped) {
      delete.setString(1, id);
      delete.executeUpdate();
    }
  }

  /** Applies one acknowledgement, as {@code LocalStore.acknowledge}; returns its local change. */
  @Nullable LocalChange acknowledge(String group, Ack ack) throws SQLException {
    // The common case in one statement: the entry is still in its row and no newer remote state
    // waits, so the pushed value is the local value and becomes the base.
    PreparedStatement synced = statements.get("""
        UPDATE docs SET base_value = NULL, base_is_local = 1, base_version = ?1, pending_seq = NULL,
                        pending_change = NULL, remote_value = NULL, remote_version = 0
        WHERE id = ?2 AND pending_change = ?3 AND remote_version <= ?1
          AND pending_seq <= """ + SqliteOutbox.TAKEN);
    synced.setLong(1, ack.version());
    synced.setString(2, ack.id());
    synced.setBytes(3, SqliteOutbox.bytes(ack.change()));
    if (synced.executeUpdate() == 1) {
      outbox.rowEntryCleared(group, ack.id());
      return null;
    }
    SqliteOutbox.InFlight inFlight = outbox.inFlight(ack.id(), ack.change());
    if (inFlight == null) {
      return null;
    }
    OutboxEntry sent = inFlight.entry();
    String id = sent.id();
    StoredDoc doc = requireNonNull(document(id));
    if (inFlight.displaced()) {
      outbox.removeDisplaced(sent.seq());
    } else {
      outbox.removeRowEntry(group, id);
    }
    if (doc.remoteVersion() > ack.version() && outbox.pendingSeq(id) == null) {
      putDoc(group, id, doc.remoteValue(), doc.remoteValue(), doc.remoteVersion());
      return Arrays.equals(doc.value(), doc.remoteValue())
          ? null
          : new LocalChange(id, doc.remoteValue());
    }
    // A remote state the acknowledged version caught up with is no newer than the base any more.
    // The new base version rebases the pending entry, if any, which takes its base from the row.
    PreparedStatement base = statements.get("""
        UPDATE docs SET base_value = ?1, base_is_local = 0, base_version = ?2,
            remote_value = CASE WHEN remote_version > ?2 THEN remote_value END,
            remote_version = CASE WHEN remote_version > ?2 THEN remote_version ELSE 0 END
        WHERE id = ?3""");
    setBytes(base, 1, sent.value());
    base.setLong(2, ack.version());
    base.setString(3, id);
    base.executeUpdate();
    return null;
  }

  /** Settles a conflict, as {@code LocalStore.settle}. */
  List<LocalChange> settle(String group, UUID change, RemoteDoc server, Resolution resolution)
      throws SQLException {
    String id = server.id();
    SqliteOutbox.InFlight inFlight = outbox.inFlight(id, change);
    if (inFlight == null) {
      OutboxEntry other = outbox.inFlightWithChange(group, change);
      if (other != null) {
        Settlement.checkId(server, other);
      }
      return List.of();
    }
    StoredDoc doc = requireNonNull(document(id));
    Settlement settlement = Settlement.of(doc, server, resolution);
    Long pendingSeq = null;
    if (inFlight.displaced()) {
      pendingSeq = outbox.pendingSeq(id);
      outbox.removeDisplaced(inFlight.entry().seq());
    } else {
      outbox.removeRowEntry(group, id);
    }
    if (settlement.dropsRow()) {
      outbox.dropRow(group, id);
      return settlement.changes(id, doc.value());
    }
    // The pending entry, kept or new, takes its value and base from the row that putDoc sets.
    putDoc(group, id, settlement.local(), settlement.baseValue(), settlement.baseVersion());
    if (!settlement.push()) {
      outbox.removeRowEntry(group, id);
    } else if (pendingSeq == null) {
      outbox.addPending(group, id, changeIds.get());
    }
    return settlement.changes(id, doc.value());
  }

  /**
   * Sets a document's local value and base and clears its remote state. A base value equal to the
   * local value is not stored again.
   */
  private void putDoc(String group, String id, byte @Nullable [] value,
      byte @Nullable [] baseValue, long baseVersion) throws SQLException {
    writeDoc(PUT, group, id, value, baseValue, baseVersion);
  }

  /** Runs {@code sql}, {@link #PUT} or {@link #INSERT_NEW}; returns the number of rows written. */
  private int writeDoc(String sql, String group, String id, byte @Nullable [] value,
      byte @Nullable [] baseValue, long baseVersion) throws SQLException {
    PreparedStatement put = statements.get(sql);
    boolean baseIsLocal = value != null && Arrays.equals(value, baseValue);
    put.setString(1, id);
    put.setString(2, group);
    setBytes(put, 3, value);
    setBytes(put, 4, baseIsLocal ? null : baseValue);
    put.setBoolean(5, baseIsLocal);
    put.setLong(6, baseVersion);
    return put.executeUpdate();
  }
}
