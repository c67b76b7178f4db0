package dev.atomsync.client.internal;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The entries in the rows of a {@link SqliteLocalStore}, per group in seq order, kept in memory
 * instead of in an index on {@code docs}: an index is a second B-tree that every local write
 * changes, and without it a durable swap ran 45% faster. A group's order is read from its rows
 * when first asked for, and kept in step by every statement that sets or clears a row's {@code
 * pending_seq}. Forgotten when a transaction rolls back, since it may then hold what was undone.
 * Not thread-safe: used under the store's lock.
 */
final class PendingOrder {
  /** Reads the (seq, id) of every row entry of a group. */
  @FunctionalInterface
  interface Reader {
    void readInto(String group, Group order) throws SQLException;
  }

  /** One group's row entries: by seq, and the seq of each document. */
  static final class Group {
    private final TreeMap<Long, String> bySeq = new TreeMap<>();
    private final Map<String, Long> seqOf = new HashMap<>();

    void put(long seq, String id) {
      Long old = seqOf.put(id, seq);
      if (old != null) {
        bySeq.remove(old);
      }
      bySeq.put(seq, id);
    }

    void remove(String id) {
      Long seq = seqOf.remove(id);
      if (seq != null) {
        bySeq.remove(seq);
      }
    }

    /** Returns the documents with an entry in their row, by seq. */
    NavigableMap<Long, String> bySeq() {
      return bySeq;
    }

    int size() {
      return bySeq.size();
    }
  }

  private final Map<String, Group> groups = new HashMap<>();
  private final Reader reader;

  PendingOrder(Reader reader) {
    this.reader = reader;
  }

  /** Returns the order of {@code group}, reading it from the rows the first time. */
  Group of(String group) throws SQLException {
    Group order = groups.get(group);
    if (order == null) {
      order = new Group();
      reader.readInto(group, order);
      groups.put(group, order);
    }
    return order;
  }

  /**
   * Takes {@code order} as the order of {@code group}, read by the caller from all its rows in the
   * current transaction; it replaces any order kept so far.
   */
  void adopt(String group, Group order) {
    groups.put(group, order);
  }

  /** Notes that document {@code id}'s row entry now has {@code seq}. */
  void put(String group, String id, long seq) {
    Group order = groups.get(group);
    if (order != null) {
      order.put(seq, id);
    }
  }

  /** Notes that document {@code id} has no row entry any more. */
  void remove(String group, String id) {
    Group order = groups.get(group);
    if (order != null) {
      order.remove(id);
    }
  }

  /** Drops every group's order, to be read again from the rows when next asked for. */
  void forget() {
    groups.clear();
  }
}
