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
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The statements that move documents and outbox entries as {@link
 * dev.atomsync.client.spi.LocalStore} describes, inside a transaction of {@link SqliteLocalStore}.
 */
final class SqliteOutbox {
  private static final String ENTRY_COLUMNS = "seq, id, op, value, base, change, in_flight";

  private final SqliteStatements statements;
  private final Supplier<UUID> changeIds;

  SqliteOutbox(SqliteStatements statements, Supplier<UUID> changeIds) {
    this.statements = statements;
    this.changeIds = changeIds;
  }

  /** Sets one document's local value and coalesces the change into its pending entry. */
  void write(String group, LocalWrite write) throws SQLException {
    String id = write.id();
    PreparedStatement state = statements.get("""
        SELECT (SELECT base_version FROM docs WHERE id = ?1),
               (SELECT seq FROM outbox WHERE id = ?1 AND in_flight = 0),
               EXISTS (SELECT 1 FROM outbox WHERE id = ?1 AND in_flight = 1),
               (SELECT remote_version FROM docs WHERE id = ?1)""");
    state.setString(1, id);
    @Nullable Long baseVersion;
    @Nullable Long pendingSeq;
    boolean inFlight;
    boolean remote;
    try (ResultSet row = state.executeQuery()) {
      row.next();
      baseVersion = nullableLong(row, 1);
      pendingSeq = nullableLong(row, 2);
      inFlight = row.getBoolean(3);
      remote = row.getLong(4) > 0;
    }
    if (write.isDelete()) {
      if (baseVersion == null) {
        return;
      }
      if (baseVersion == 0 && !inFlight && !remote) {
        execute("DELETE FROM outbox WHERE id = ? AND in_flight = 0", id);
        execute("DELETE FROM docs WHERE id = ?", id);
        return;
      }
      execute("UPDATE docs SET value = NULL WHERE id = ?", id);
    } else {
      PreparedStatement upsert = statements.get("""
          INSERT INTO docs (id, grp, value) VALUES (?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET value = excluded.value""");
      upsert.setString(1, id);
      upsert.setString(2, group);
      upsert.setBytes(3, write.value());
      upsert.executeUpdate();
    }
    if (pendingSeq != null) {
      PreparedStatement coalesce =
          statements.get("UPDATE outbox SET op = ?, value = ? WHERE seq = ?");
      coalesce.setString(1, op(write.value()));
      setBytes(coalesce, 2, write.value());
      coalesce.setLong(3, pendingSeq);
      coalesce.executeUpdate();
    } else {
      addPending(group, id, write.value(), baseVersion == null ? 0 : baseVersion, changeIds.get());
    }
  }

  /** Adds a pending entry for document {@code id} at the next seq; it has none yet. */
  void addPending(String group, String id, byte @Nullable [] value, long base, UUID change)
      throws SQLException {
    PreparedStatement insert = statements.get("""
        INSERT INTO outbox (grp, id, in_flight, op, value, base, change)
        VALUES (?, ?, 0, ?, ?, ?, ?)""");
    insert.setString(1, group);
    insert.setString(2, id);
    insert.setString(3, op(value));
    setBytes(insert, 4, value);
    insert.setLong(5, base);
    insert.setBytes(6, bytes(change));
    insert.executeUpdate();
  }

  /** Replaces op, value and base of the pending entry {@code seq}, keeping its change id. */
  void setPending(long seq, byte @Nullable [] value, long base) throws SQLException {
    PreparedStatement update =
        statements.get("UPDATE outbox SET op = ?, value = ?, base = ? WHERE seq = ?");
    update.setString(1, op(value));
    setBytes(update, 2, value);
    update.setLong(3, base);
    update.setLong(4, seq);
    update.executeUpdate();
  }

  /** Sets the base of document {@code id}'s pending entry, if any. */
  void rebasePending(String id, long base) throws SQLException {
    PreparedStatement rebase =
        statements.get("UPDATE outbox SET base = ? WHERE id = ? AND in_flight = 0");
    rebase.setLong(1, base);
    rebase.setString(2, id);
    rebase.executeUpdate();
  }

  /** Returns the seq of document {@code id}'s pending entry; null when none. */
  @Nullable Long pendingSeq(String id) throws SQLException {
    PreparedStatement select =
        statements.get("SELECT seq FROM outbox WHERE id = ? AND in_flight = 0");
    select.setString(1, id);
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? row.getLong(1) : null;
    }
  }

  /** Removes document {@code id}'s pending entry, if any. */
  void removePending(String id) throws SQLException {
    execute("DELETE FROM outbox WHERE id = ? AND in_flight = 0", id);
  }

  /** Removes the entry {@code seq}. */
  void remove(long seq) throws SQLException {
    PreparedStatement remove = statements.get("DELETE FROM outbox WHERE seq = ?");
    remove.setLong(1, seq);
    remove.executeUpdate();
  }

  /** Returns the in-flight entry with change id {@code change}; null when none. */
  @Nullable OutboxEntry inFlightWithChange(UUID change) throws SQLException {
    PreparedStatement find = statements.get(
        "SELECT " + ENTRY_COLUMNS + " FROM outbox WHERE change = ? AND in_flight = 1");
    find.setBytes(1, bytes(change));
    try (ResultSet row = find.executeQuery()) {
      return row.next() ? entry(row) : null;
    }
  }

  /** Marks pending entries in flight, as {@code LocalStore.takeForPush}, and returns the batch. */
  List<OutboxEntry> takeForPush(String group, int limit) throws SQLException {
    PreparedStatement count =
        statements.get("SELECT count(*) FROM outbox WHERE grp = ? AND in_flight = 1");
    count.setString(1, group);
    int inFlight;
    try (ResultSet row = count.executeQuery()) {
      row.next();
      inFlight = row.getInt(1);
    }
    if (inFlight < limit) {
      PreparedStatement promote = statements.get("""
          UPDATE outbox SET in_flight = 1 WHERE seq IN (
            SELECT seq FROM outbox AS p
            WHERE p.grp = ? AND p.in_flight = 0
              AND NOT EXISTS (SELECT 1 FROM outbox AS f WHERE f.id = p.id AND f.in_flight = 1)
            ORDER BY p.seq LIMIT ?)""");
      promote.setString(1, group);
      promote.setInt(2, limit - inFlight);
      promote.executeUpdate();
    }
    return entries(group, true, limit);
  }

  /** Returns up to {@code limit} entries of {@code group} in seq order, only in flight if asked. */
  List<OutboxEntry> entries(String group, boolean inFlightOnly, int limit) throws SQLException {
    PreparedStatement select = statements.get(inFlightOnly
        ? "SELECT " + ENTRY_COLUMNS + " FROM outbox WHERE grp = ? AND in_flight = 1"
            + " ORDER BY seq LIMIT ?"
        : "SELECT " + ENTRY_COLUMNS + " FROM outbox WHERE grp = ? ORDER BY seq LIMIT ?");
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

  private static String op(byte @Nullable [] value) {
    return value == null ? "delete" : "put";
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
