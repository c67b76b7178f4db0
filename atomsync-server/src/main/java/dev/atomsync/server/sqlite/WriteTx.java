package dev.atomsync.server.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One write transaction in progress: its statements, and the seqs and time it hands out.
 *
 * <p>The counters live here until the transaction commits, so a rolled-back transaction leaves
 * the writer's counters as they were and no seq is skipped or reused.
 */
final class WriteTx {
  private final Statements statements;
  private final long firstSeq;
  private final long updatedMicros;
  private long lastSeq;

  WriteTx(Statements statements, long lastSeq, long updatedMicros) {
    this.statements = statements;
    this.firstSeq = lastSeq;
    this.lastSeq = lastSeq;
    this.updatedMicros = updatedMicros;
  }

  /** Returns the prepared statement for {@code sql} on the write connection. */
  PreparedStatement statement(String sql) throws SQLException {
    return statements.get(sql);
  }

  /** Assigns and returns the next seq of the store. */
  long nextSeq() {
    return ++lastSeq;
  }

  /**
   * Takes back the seqs assigned after {@code lastSeq}, for writes that were undone (rolled back to
   * a savepoint) before the transaction goes on.
   */
  void rewindSeqs(long lastSeq) {
    if (lastSeq < firstSeq || lastSeq > this.lastSeq) {
      throw new IllegalArgumentException(
          "cannot rewind to seq " + lastSeq + " in [" + firstSeq + ", " + this.lastSeq + "]");
    }
    this.lastSeq = lastSeq;
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
}
