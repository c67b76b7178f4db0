package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.core.Op;
import dev.atomsync.core.internal.JsonOut;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.function.LongSupplier;
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
  static final String TAKEN =
      "coalesce((SELECT seq FROM taken WHERE taken.grp = docs.grp), 0)";
  private static final String DISPLACED =
      "EXISTS (SELECT 1 FROM inflight WHERE inflight.id = docs.id)";
  private static final String ROW_COLUMNS =
      "pending_seq, id, " + OP + ", value, base_version, pending_change";
  private static final String DISPLACED_COLUMNS = "seq, id, op, value, base, change";
  /**
   * Assignments for an update that changes a row's local value: a base that is the local value is
   * copied out first (SQLite evaluates every assignment on the row as it was).
   */
  private static final String KEEP_BASE = """
      base_value = CASE WHEN base_is_local THEN value ELSE base_value END, base_is_local = 0""";

  private final SqliteStatements statements;
  private final PendingOrder order;
  private final ChangeIdSource changeIds;
  private final LongSupplier seqs;

  SqliteOutbox(SqliteStatements statements, PendingOrder order, ChangeIdSource changeIds,
      LongSupplier seqs) {
    this.statements = statements;
    this.order = order;
    this.changeIds = changeIds;
    this.seqs = seqs;
  }

  /** Reads the row entries of {@code group} into {@code into}, for {@link PendingOrder}. */
  static void readOrder(SqliteStatements statements, String group, PendingOrder.Group into)
      throws SQLException {
    PreparedStatement select = statements.get(
        "SELECT pending_seq, id FROM docs WHERE id >= ? AND id < ? AND pending_seq IS NOT NULL");
    bindGroupRange(select, 1, group);
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        into.put(rows.getLong(1), rows.getString(2));
      }
    }
  }

  /**
   * Binds parameters {@code index} and {@code index + 1} to the range of ids of {@code group}:
   * every id of group G starts with {@code "G:"}, so its rows lie between {@code "G:"} and
   * {@code "G;"} in the primary key.
   */
  static void bindGroupRange(PreparedStatement statement, int index, String group)
      throws SQLException {
    statement.setString(index, group + ":");
    statement.setString(index + 1, group + ";");
  }

  /**
   * Inserts {@code id} as a new document with a pending entry and returns true, or returns false
   * having changed nothing when it has a row already. Trying the insert first spares a new
   * document the query of its row's state, which through sqlite-jdbc costs about as much (a
   * one-thread swap of new documents: 57% of the one-row limit before, 66% after). An insert that
   * finds a row takes no change id, and skips one seq, which only orders entries.
   */
  private boolean insertNew(String group, String id, byte[] value) throws SQLException {
    PreparedStatement insert = statements.get("""
        INSERT INTO docs (id, grp, value, pending_seq, pending_change)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""");
    long seq = seqs.getAsLong();
    insert.setString(1, id);
    insert.setString(2, group);
    insert.setBytes(3, value);
    insert.setLong(4, seq);
    insert.setBytes(5, bytes(changeIds.peek()));
    if (insert.executeUpdate() == 0) {
      return false;
    }
    changeIds.get();
    order.put(group, id, seq);
    return true;
  }

  /** An in-flight entry, and whether a later write displaced it from its row into {@code inflight}. */
  record InFlight(OutboxEntry entry, boolean displaced) {}

  /** Sets one document's local value and coalesces the change into its pending entry. */
  void write(String group, LocalWrite write) throws SQLException {
    String id = write.id();
    if (write.value() != null && insertNew(group, id, write.value())) {
      return;
    }
    PreparedStatement state = statements.get("SELECT base_version, pending_seq, " + TAKEN
        + ", remote_version > 0, " + DISPLACED + " FROM docs WHERE id = ?");
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
      return; // a put inserted its row above; a delete of a document never seen leaves nothing
    }
    if (value == null && baseVersion == 0 && !sentInRow && !displaced && !remote) {
      dropRow(group, id);
      return;
    }
    if (sentInRow) {
      // The change may have left the device under its id: freeze it where the write cannot reach.
      execute("INSERT INTO inflight (seq, id, op, value, base, change, grp) SELECT "
          + ROW_COLUMNS + ", grp FROM docs WHERE id = ?", id);
    }
    if (pending && !sentInRow) {
      PreparedStatement update =
          statements.get("UPDATE docs SET " + KEEP_BASE + ", value = ? WHERE id = ?");
      setBytes(update, 1, value);
      update.setString(2, id);
      update.executeUpdate();
    } else {
      PreparedStatement update = statements.get("UPDATE docs SET " + KEEP_BASE
          + ", value = ?, pending_seq = ?, pending_change = ? WHERE id = ?");
      long seq = seqs.getAsLong();
      setBytes(update, 1, value);
      update.setLong(2, seq);
      update.setBytes(3, bytes(changeIds.get()));
      update.setString(4, id);
      update.executeUpdate();
      order.put(group, id, seq);
    }
  }

  /**
   * Gives document {@code id}, whose row exists and has no pending entry, one at the next seq: its
   * local value on its base version, under change id {@code change}.
   */
  void addPending(String group, String id, UUID change) throws SQLException {
    PreparedStatement update =
        statements.get("UPDATE docs SET pending_seq = ?, pending_change = ? WHERE id = ?");
    long seq = seqs.getAsLong();
    update.setLong(1, seq);
    update.setBytes(2, bytes(change));
    update.setString(3, id);
    update.executeUpdate();
    order.put(group, id, seq);
  }

  /** Returns the seq of document {@code id}'s pending entry; null when none. */
  @Nullable Long pendingSeq(String id) throws SQLException {
    PreparedStatement select = statements.get("SELECT pending_seq FROM docs WHERE id = ?");
    select.setString(1, id);
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? nullableLong(row, 1) : null;
    }
  }

  /** Removes document {@code id}'s row entry, pending or in flight, if any. */
  void removeRowEntry(String group, String id) throws SQLException {
    execute("UPDATE docs SET pending_seq = NULL, pending_change = NULL WHERE id = ?", id);
    order.remove(group, id);
  }

  /** Notes that a statement of the caller's cleared document {@code id}'s row entry. */
  void rowEntryCleared(String group, String id) {
    order.remove(group, id);
  }

  /** Drops document {@code id}'s row, and with it its row entry, if any. */
  void dropRow(String group, String id) throws SQLException {
    execute("DELETE FROM docs WHERE id = ?", id);
    order.remove(group, id);
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
        + " FROM docs WHERE id >= ?3 AND id < ?4 AND pending_change = ?2 AND pending_seq <= "
        + TAKEN);
    find.setString(1, group);
    find.setBytes(2, bytes(change));
    bindGroupRange(find, 3, group);
    try (ResultSet row = find.executeQuery()) {
      return row.next() ? entry(row, true) : null;
    }
  }

  /**
   * Marks pending entries in flight, as {@code LocalStore.takeForPush} (with {@code retries}) or
   * {@code takeMoreForPush} (without), and returns the batch. In seq order the entries in flight
   * come first (they are at or below the taken mark), then pending ones, up to the first whose
   * document has a displaced entry still in flight: the mark rises to the last entry taken and
   * must not pass a pending entry that stays behind.
   */
  List<OutboxEntry> takeForPush(String group, int limit, boolean retries) throws SQLException {
    List<OutboxEntry> displaced = retries ? displaced(group) : List.of();
    NavigableMap<Long, String> order = this.order.of(group).bySeq();
    Collection<String> candidates =
        (retries ? order : order.tailMap(takenMark(group), false)).values();
    // The whole map's size, not the tail's: a TreeMap counts a tail view's entries one by one.
    List<String> ids = new ArrayList<>(Math.min(limit, order.size()));
    for (String id : candidates) {
      if (ids.size() == limit) {
        break;
      }
      ids.add(id);
    }
    Map<String, RowEntry> rows = rowEntries(ids);
    List<OutboxEntry> batch = new ArrayList<>();
    int nextDisplaced = 0;
    int nextRow = 0;
    while (batch.size() < limit) {
      RowEntry row = nextRow < ids.size() ? rows.get(ids.get(nextRow)) : null;
      if (nextDisplaced < displaced.size()
          && (row == null || displaced.get(nextDisplaced).seq() < row.entry().seq())) {
        batch.add(displaced.get(nextDisplaced++));
      } else if (row == null || row.blocked()) {
        break;
      } else {
        batch.add(row.entry());
        nextRow++;
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

  /** Returns the taken mark of {@code group}: 0 before its first take. */
  private long takenMark(String group) throws SQLException {
    PreparedStatement select = statements.get("SELECT seq FROM taken WHERE grp = ?");
    select.setString(1, group);
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? row.getLong(1) : 0;
    }
  }

  /** A row's entry as a take sees it: blocked while its document has a displaced one in flight. */
  private record RowEntry(OutboxEntry entry, boolean blocked) {}

  /**
   * Returns the row entries of documents {@code ids}, which have one, read in one statement (one
   * query per id took as long as the rest of a push's client side).
   */
  private Map<String, RowEntry> rowEntries(List<String> ids) throws SQLException {
    JsonOut list = new JsonOut(32 * ids.size() + 2);
    list.raw('[');
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        list.raw(',');
      }
      list.string(ids.get(i));
    }
    list.raw(']');
    PreparedStatement select = statements.get("SELECT " + ROW_COLUMNS + ", " + DISPLACED
        + " FROM docs WHERE id IN (SELECT value FROM json_each(?))");
    select.setString(1, new String(list.copy(0), StandardCharsets.UTF_8));
    Map<String, RowEntry> rows = new HashMap<>(ids.size() * 4 / 3 + 1);
    try (ResultSet found = select.executeQuery()) {
      while (found.next()) {
        OutboxEntry entry = entry(found, true);
        rows.put(entry.id(), new RowEntry(entry, found.getBoolean(7)));
      }
    }
    if (rows.size() != ids.size()) {
      throw new IllegalStateException("the pending order is out of step with the rows of "
          + ids.size() + " documents: " + rows.size() + " have an entry");
    }
    return rows;
  }

  /** Returns the displaced in-flight entries of {@code group} in seq order. */
  private List<OutboxEntry> displaced(String group) throws SQLException {
    PreparedStatement select = statements.get(
        "SELECT " + DISPLACED_COLUMNS + " FROM inflight WHERE grp = ? ORDER BY seq");
    select.setString(1, group);
    List<OutboxEntry> entries = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        entries.add(entry(rows, true));
      }
    }
    return entries;
  }

  /** Returns every entry of {@code group} in seq order. */
  List<OutboxEntry> entries(String group) throws SQLException {
    PreparedStatement select = statements.get("SELECT " + ROW_COLUMNS + ", pending_seq <= " + TAKEN
        + " FROM docs WHERE id >= ?2 AND id < ?3 AND pending_seq IS NOT NULL UNION ALL SELECT "
        + DISPLACED_COLUMNS + ", 1 FROM inflight WHERE grp = ?1 ORDER BY 1");
    select.setString(1, group);
    bindGroupRange(select, 2, group);
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
        SELECT count(*) FROM inflight AS f WHERE grp = ?
          AND NOT EXISTS (SELECT 1 FROM docs WHERE docs.id = f.id AND pending_seq IS NOT NULL)""");
    count.setString(1, group);
    try (ResultSet rows = count.executeQuery()) {
      rows.next();
      return order.of(group).size() + rows.getInt(1);
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
