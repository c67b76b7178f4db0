package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.core.Op;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The statements that move documents and outbox entries as {@link
 * dev.atomsync.client.spi.LocalStore} describes, inside a transaction of {@link SqliteLocalStore}.
 * An entry is part of its document's row, pending or in flight by the group's taken mark; only an
 * in-flight entry displaced by a later write is a row of {@code inflight} ({@link SqliteSchema}).
 */
final class SqliteOutbox {
  private static final String OP = "CASE WHEN value IS NULL THEN 'delete' ELSE 'put' END";
  /** The group's taken mark, for a query on {@code docs}: a row's entry at or below it is sent. */
  private static final String TAKEN =
      "coalesce((SELECT seq FROM taken WHERE taken.grp = docs.grp), 0)";
  private static final String DISPLACED =
      "EXISTS (SELECT 1 FROM inflight WHERE inflight.id = docs.id)";
  private static final String ROW_COLUMNS =
      "pending_seq, id, " + OP + ", value, base_version, pending_change";
  private static final String DISPLACED_COLUMNS = "seq, id, op, value, base, change";

  private final SqliteStatements statements;
  private final Supplier<UUID> changeIds;
  private final LongSupplier seqs;

  SqliteOutbox(SqliteStatements statements, Supplier<UUID> changeIds, LongSupplier seqs) {
    this.statements = statements;
    this.changeIds = changeIds;
    this.seqs = seqs;
  }

  /** An in-flight entry, and whether a later write displaced it from its row into {@code inflight}. */
  record InFlight(OutboxEntry entry, boolean displaced) {}

  /** Sets one document's local value and coalesces the change into its pending entry. */
  void write(String group, LocalWrite write) throws SQLException {
    String id = write.id();
    PreparedStatement state = statements.get("""
        SELECT base_version, pending_seq, %s, remote_version > 0, %s
        FROM docs WHERE id = ?""".formatted(TAKEN, DISPLACED));
    state.setString(1, id);
    boolean known;
    long baseVersion = 0;
    boolean pending = false;
    boolean sentInRow = false;
    boolean remote = false;
    boolean displaced = false;
    try (ResultSet row = state.executeQuery()) {
      known = row.next();
      if (known) {
        baseVersion = row.getLong(1);
        long pendingSeq = row.getLong(2);
        pending = !row.wasNull();
        sentInRow = pending && pendingSeq <= row.getLong(3);
        remote = row.getBoolean(4);
        displaced = row.getBoolean(5);
      }
    }
    byte[] value = write.value();
    if (!known) {
      if (value != null) {
        PreparedStatement insert = statements.get("""
            INSERT INTO docs (id, grp, value, pending_seq, pending_change)
            VALUES (?, ?, ?, ?, ?)""");
        insert.setString(1, id);
        insert.setString(2, group);
        insert.setBytes(3, value);
        insert.setLong(4, seqs.getAsLong());
        insert.setBytes(5, bytes(changeIds.get()));
        insert.executeUpdate();
      }
      return;
    }
    if (value == null && baseVersion == 0 && !sentInRow && !displaced && !remote) {
      execute("DELETE FROM docs WHERE id = ?", id);
      return;
    }
    if (sentInRow) {
      // The change may have left the device under its id: freeze it where the write cannot reach.
      execute("""
          INSERT INTO inflight (seq, id, op, value, base, change, grp)
          SELECT %s, grp FROM docs WHERE id = ?""".formatted(ROW_COLUMNS), id);
    }
    if (pending && !sentInRow) {
      PreparedStatement update = statements.get("UPDATE docs SET value = ? WHERE id = ?");
      setBytes(update, 1, value);
      update.setString(2, id);
      update.executeUpdate();
    } else {
      PreparedStatement update = statements.get(
          "UPDATE docs SET value = ?, pending_seq = ?, pending_change = ? WHERE id = ?");
      setBytes(update, 1, value);
      update.setLong(2, seqs.getAsLong());
      update.setBytes(3, bytes(changeIds.get()));
      update.setString(4, id);
      update.executeUpdate();
    }
  }

  /**
   * Gives document {@code id}, whose row exists and has no pending entry, one at the next seq: its
   * local value on its base version, under change id {@code change}.
   */
  void addPending(String id, UUID change) throws SQLException {
    PreparedStatement update =
        statements.get("UPDATE docs SET pending_seq = ?, pending_change = ? WHERE id = ?");
    update.setLong(1, seqs.getAsLong());
    update.setBytes(2, bytes(change));
    update.setString(3, id);
    update.executeUpdate();
  }

  /** Returns the seq of document {@code id}'s pending entry; null when none. */
  @Nullable Long pendingSeq(String id) throws SQLException {
    PreparedStatement select = statements.get("SELECT pending_seq FROM docs WHERE id = ?");
    select.setString(1, id);
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? nullableLong(row, 1) : null;
    }
  }

  /** Removes document {@code id}'s pending entry, if any. */
  void removePending(String id) throws SQLException {
    execute("UPDATE docs SET pending_seq = NULL, pending_change = NULL WHERE id = ?", id);
  }

  /** Removes the displaced in-flight entry {@code seq}. */
  void removeDisplaced(long seq) throws SQLException {
    PreparedStatement remove = statements.get("DELETE FROM inflight WHERE seq = ?");
    remove.setLong(1, seq);
    remove.executeUpdate();
  }

  /** Returns document {@code id}'s in-flight entry if its change id is {@code change}; else null. */
  @Nullable InFlight inFlight(String id, UUID change) throws SQLException {
    PreparedStatement displaced = statements.get(
        "SELECT " + DISPLACED_COLUMNS + " FROM inflight WHERE change = ? AND id = ?");
    displaced.setBytes(1, bytes(change));
    displaced.setString(2, id);
    try (ResultSet row = displaced.executeQuery()) {
      if (row.next()) {
        return new InFlight(entry(row, true), true);
      }
    }
    PreparedStatement inRow = statements.get("SELECT " + ROW_COLUMNS
        + " FROM docs WHERE id = ? AND pending_change = ? AND pending_seq <= " + TAKEN);
    inRow.setString(1, id);
    inRow.setBytes(2, bytes(change));
    try (ResultSet row = inRow.executeQuery()) {
      return row.next() ? new InFlight(entry(row, true), false) : null;
    }
  }

  /**
   * Returns the in-flight entry of {@code group} with change id {@code change}, whatever its
   * document; null when none. Slower than {@link #inFlight}: for checking a caller's mistake.
   */
  @Nullable OutboxEntry inFlightWithChange(String group, UUID change) throws SQLException {
    PreparedStatement find = statements.get("SELECT " + DISPLACED_COLUMNS
        + " FROM inflight WHERE grp = ?1 AND change = ?2 UNION ALL SELECT " + ROW_COLUMNS
        + " FROM docs WHERE grp = ?1 AND pending_change = ?2 AND pending_seq <= " + TAKEN);
    find.setString(1, group);
    find.setBytes(2, bytes(change));
    try (ResultSet row = find.executeQuery()) {
      return row.next() ? entry(row, true) : null;
    }
  }

  /**
   * Marks pending entries in flight, as {@code LocalStore.takeForPush}, and returns the batch. In
   * seq order the entries in flight come first (they are at or below the taken mark), then pending
   * ones, up to the first whose document has a displaced entry still in flight: the mark rises to
   * the last entry taken and must not pass a pending entry that stays behind.
   */
  List<OutboxEntry> takeForPush(String group, int limit) throws SQLException {
    PreparedStatement select = statements.get("""
        SELECT %s, 0 FROM inflight WHERE grp = ?1
        UNION ALL
        SELECT %s, %s FROM docs WHERE grp = ?1 AND pending_seq IS NOT NULL
        ORDER BY 1 LIMIT ?2""".formatted(DISPLACED_COLUMNS, ROW_COLUMNS, DISPLACED));
    select.setString(1, group);
    select.setInt(2, limit);
    List<OutboxEntry> batch = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next() && !rows.getBoolean(7)) {
        batch.add(entry(rows, true));
      }
    }
    if (!batch.isEmpty()) {
      PreparedStatement mark = statements.get("""
          INSERT INTO taken (grp, seq) VALUES (?, ?)
          ON CONFLICT (grp) DO UPDATE SET seq = max(seq, excluded.seq)""");
      mark.setString(1, group);
      mark.setLong(2, batch.getLast().seq());
      mark.executeUpdate();
    }
    return batch;
  }

  /** Returns every entry of {@code group} in seq order. */
  List<OutboxEntry> entries(String group) throws SQLException {
    PreparedStatement select = statements.get("""
        SELECT %s, pending_seq <= %s FROM docs WHERE grp = ?1 AND pending_seq IS NOT NULL
        UNION ALL
        SELECT %s, 1 FROM inflight WHERE grp = ?1
        ORDER BY 1""".formatted(ROW_COLUMNS, TAKEN, DISPLACED_COLUMNS));
    select.setString(1, group);
    List<OutboxEntry> entries = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        entries.add(entry(rows, rows.getBoolean(7)));
      }
    }
    return entries;
  }

  /** Returns how many documents of {@code group} have outbox entries, pending or in flight. */
  int documents(String group) throws SQLException {
    PreparedStatement count = statements.get("""
        SELECT count(*) FROM (
          SELECT id FROM docs WHERE grp = ?1 AND pending_seq IS NOT NULL
          UNION SELECT id FROM inflight WHERE grp = ?1)""");
    count.setString(1, group);
    try (ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static OutboxEntry entry(ResultSet row, boolean inFlight) throws SQLException {
    return new OutboxEntry(
        row.getLong(1),
        row.getString(2),
        row.getString(3).equals("put") ? Op.PUT : Op.DELETE,
        row.getBytes(4),
        row.getLong(5),
        uuid(row.getBytes(6)),
        inFlight);
  }

  private void execute(String sql, String id) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    statement.setString(1, id);
    statement.executeUpdate();
  }

  static @Nullable Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  static void setBytes(PreparedStatement statement, int index, byte @Nullable [] value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BLOB);
    } else {
      statement.setBytes(index, value);
    }
  }

  static byte[] bytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  static UUID uuid(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
