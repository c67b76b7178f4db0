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
 * A pending entry is part of its document's row, an in-flight one a row of {@code inflight} ({@link
 * SqliteSchema}).
 */
final class SqliteOutbox {
  private static final String OP = "CASE WHEN value IS NULL THEN 'delete' ELSE 'put' END";
  private static final String PENDING_COLUMNS =
      "pending_seq, id, " + OP + ", value, base_version, pending_change, 0";
  private static final String IN_FLIGHT_COLUMNS = "seq, id, op, value, base, change, 1";

  private final SqliteStatements statements;
  private final Supplier<UUID> changeIds;
  private final LongSupplier seqs;

  SqliteOutbox(SqliteStatements statements, Supplier<UUID> changeIds, LongSupplier seqs) {
    this.statements = statements;
    this.changeIds = changeIds;
    this.seqs = seqs;
  }

  /** Sets one document's local value and coalesces the change into its pending entry. */
  void write(String group, LocalWrite write) throws SQLException {
    String id = write.id();
    PreparedStatement state = statements.get("""
        SELECT base_version, pending_seq IS NOT NULL, remote_version > 0,
               EXISTS (SELECT 1 FROM inflight WHERE inflight.id = docs.id)
        FROM docs WHERE id = ?""");
    state.setString(1, id);
    boolean known;
    long baseVersion = 0;
    boolean pending = false;
    boolean remote = false;
    boolean inFlight = false;
    try (ResultSet row = state.executeQuery()) {
      known = row.next();
      if (known) {
        baseVersion = row.getLong(1);
        pending = row.getBoolean(2);
        remote = row.getBoolean(3);
        inFlight = row.getBoolean(4);
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
    if (value == null && baseVersion == 0 && !inFlight && !remote) {
      execute("DELETE FROM docs WHERE id = ?", id);
      return;
    }
    if (pending) {
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

  /** Removes the in-flight entry {@code seq}. */
  void remove(long seq) throws SQLException {
    PreparedStatement remove = statements.get("DELETE FROM inflight WHERE seq = ?");
    remove.setLong(1, seq);
    remove.executeUpdate();
  }

  /** Returns the in-flight entry with change id {@code change}; null when none. */
  @Nullable OutboxEntry inFlightWithChange(UUID change) throws SQLException {
    PreparedStatement find = statements.get(
        "SELECT " + IN_FLIGHT_COLUMNS + " FROM inflight WHERE change = ?");
    find.setBytes(1, bytes(change));
    try (ResultSet row = find.executeQuery()) {
      return row.next() ? entry(row) : null;
    }
  }

  /** Marks pending entries in flight, as {@code LocalStore.takeForPush}, and returns the batch. */
  List<OutboxEntry> takeForPush(String group, int limit) throws SQLException {
    PreparedStatement count = statements.get("SELECT count(*) FROM inflight WHERE grp = ?");
    count.setString(1, group);
    int inFlight;
    try (ResultSet row = count.executeQuery()) {
      row.next();
      inFlight = row.getInt(1);
    }
    if (inFlight < limit) {
      PreparedStatement promote = statements.get("""
          INSERT INTO inflight (seq, grp, id, op, value, base, change)
          SELECT pending_seq, grp, id, %s, value, base_version, pending_change FROM docs
          WHERE grp = ?1 AND pending_seq IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM inflight AS f WHERE f.id = docs.id)
          ORDER BY pending_seq LIMIT ?2""".formatted(OP));
      promote.setString(1, group);
      promote.setInt(2, limit - inFlight);
      if (promote.executeUpdate() > 0) {
        // Seqs are unique across both places, so a pending seq found in flight was just promoted.
        PreparedStatement clear = statements.get("""
            UPDATE docs SET pending_seq = NULL, pending_change = NULL
            WHERE grp = ?1 AND pending_seq IS NOT NULL
              AND pending_seq IN (SELECT seq FROM inflight WHERE grp = ?1)""");
        clear.setString(1, group);
        clear.executeUpdate();
      }
    }
    return entries(group, true, limit);
  }

  /** Returns up to {@code limit} entries of {@code group} in seq order, only in flight if asked. */
  List<OutboxEntry> entries(String group, boolean inFlightOnly, int limit) throws SQLException {
    String inFlight = "SELECT " + IN_FLIGHT_COLUMNS + " FROM inflight WHERE grp = ?1";
    PreparedStatement select = statements.get(inFlightOnly
        ? inFlight + " ORDER BY seq LIMIT ?2"
        : "SELECT " + PENDING_COLUMNS + " FROM docs WHERE grp = ?1 AND pending_seq IS NOT NULL"
            + " UNION ALL " + inFlight + " ORDER BY 1 LIMIT ?2");
    select.setString(1, group);
    select.setInt(2, limit);
    List<OutboxEntry> entries = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        entries.add(entry(rows));
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

  private static OutboxEntry entry(ResultSet row) throws SQLException {
    return new OutboxEntry(
        row.getLong(1),
        row.getString(2),
        row.getString(3).equals("put") ? Op.PUT : Op.DELETE,
        row.getBytes(4),
        row.getLong(5),
        uuid(row.getBytes(6)),
        row.getBoolean(7));
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
