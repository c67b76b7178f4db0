package dev.atomsync.client.internal;

import dev.atomsync.client.spi.Ack;
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
               EXISTS (SELECT 1 FROM outbox WHERE id = ?1 AND in_flight = 1)""");
    state.setString(1, id);
    @Nullable Long baseVersion;
    @Nullable Long pendingSeq;
    boolean inFlight;
    try (ResultSet row = state.executeQuery()) {
      row.next();
      baseVersion = nullableLong(row, 1);
      pendingSeq = nullableLong(row, 2);
      inFlight = row.getBoolean(3);
    }
    if (write.isDelete()) {
      if (baseVersion == null) {
        return;
      }
      if (baseVersion == 0 && !inFlight) {
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
    String op = write.isDelete() ? "delete" : "put";
    if (pendingSeq != null) {
      PreparedStatement coalesce =
          statements.get("UPDATE outbox SET op = ?, value = ? WHERE seq = ?");
      coalesce.setString(1, op);
      setBytes(coalesce, 2, write.value());
      coalesce.setLong(3, pendingSeq);
      coalesce.executeUpdate();
    } else {
      PreparedStatement insert = statements.get("""
          INSERT INTO outbox (grp, id, in_flight, op, value, base, change)
          VALUES (?, ?, 0, ?, ?, ?, ?)""");
      insert.setString(1, group);
      insert.setString(2, id);
      insert.setString(3, op);
      setBytes(insert, 4, write.value());
      insert.setLong(5, baseVersion == null ? 0 : baseVersion);
      insert.setBytes(6, bytes(changeIds.get()));
      insert.executeUpdate();
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

  /** Applies one acknowledgement, as {@code LocalStore.acknowledge}. */
  void acknowledge(String group, Ack ack) throws SQLException {
    PreparedStatement find =
        statements.get("SELECT seq, id, value FROM outbox WHERE change = ? AND in_flight = 1");
    find.setBytes(1, bytes(ack.change()));
    long seq;
    String id;
    byte[] value;
    try (ResultSet row = find.executeQuery()) {
      if (!row.next()) {
        return;
      }
      seq = row.getLong(1);
      id = row.getString(2);
      value = row.getBytes(3);
    }
    PreparedStatement remove = statements.get("DELETE FROM outbox WHERE seq = ?");
    remove.setLong(1, seq);
    remove.executeUpdate();
    PreparedStatement base = statements.get("""
        INSERT INTO docs (id, grp, value, base_value, base_version) VALUES (?, ?, NULL, ?, ?)
        ON CONFLICT (id) DO UPDATE
        SET base_value = excluded.base_value, base_version = excluded.base_version""");
    base.setString(1, id);
    base.setString(2, group);
    setBytes(base, 3, value);
    base.setLong(4, ack.version());
    base.executeUpdate();
    PreparedStatement rebase =
        statements.get("UPDATE outbox SET base = ? WHERE id = ? AND in_flight = 0");
    rebase.setLong(1, ack.version());
    rebase.setString(2, id);
    rebase.executeUpdate();
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
        entries.add(new OutboxEntry(
            rows.getLong(1),
            rows.getString(2),
            rows.getString(3).equals("put") ? Op.PUT : Op.DELETE,
            rows.getBytes(4),
            rows.getLong(5),
            uuid(rows.getBytes(6)),
            rows.getBoolean(7)));
      }
    }
    return entries;
  }

  private void execute(String sql, String id) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    statement.setString(1, id);
    statement.executeUpdate();
  }

  private static @Nullable Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static void setBytes(PreparedStatement statement, int index, byte @Nullable [] value)
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
