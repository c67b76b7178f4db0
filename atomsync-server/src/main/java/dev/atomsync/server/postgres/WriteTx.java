package dev.atomsync.server.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One write transaction in progress, holding the write lock: its connection, and the seqs and
 * time it hands out.
 *
 * <p>The counters are saved to {@code atomsync_state} in the same transaction, so a rolled-back
 * transaction hands out its seqs again and no seq is skipped or reused.
 */
final class WriteTx {
  private final Connection connection;
  private final Announcer announcer;
  private final long firstSeq;
  private final long updatedMicros;
  private long lastSeq;

  WriteTx(Connection connection, Announcer announcer, long lastSeq, long updatedMicros) {
    this.connection = connection;
    this.announcer = announcer;
    this.firstSeq = lastSeq;
    this.lastSeq = lastSeq;
    this.updatedMicros = updatedMicros;
  }

  /** Returns a new prepared statement for {@code sql}; the caller closes it. */
  PreparedStatement prepare(String sql) throws SQLException {
    return connection.prepareStatement(sql);
  }

  /** Returns the transaction's connection. */
  Connection connection() {
    return connection;
  }

  /** Assigns and returns the next seq of the store. */
  long nextSeq() {
    return ++lastSeq;
  }

  /** Returns the highest seq assigned so far, including by this transaction. */
  long lastSeq() {
    return lastSeq;
  }

  /** Returns whether this transaction assigned any seq. */
  boolean assignedSeqs() {
    return lastSeq != firstSeq;
  }

  /** Returns the updated time of every document this transaction writes, in epoch micros. */
  long updatedMicros() {
    return updatedMicros;
  }

  /** Tells the other nodes, once this transaction commits, that it wrote to {@code group}. */
  void announce(String group) throws SQLException {
    announcer.announce(connection, group, lastSeq);
  }
}
