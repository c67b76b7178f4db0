package dev.atomsync.server.sqlite;

import dev.atomsync.server.internal.Micros;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's single write connection, and the lock that lets one transaction use it at a time.
 *
 * <p>SQLite admits one writer per file; serialising writers here costs a lock hand-off, while
 * letting them race inside SQLite would cost busy-waits and retries. The writer also keeps the
 * last seq and the last updated time in memory, loaded at open and saved in every transaction
 * that moves them, so seqs never go back even after the newest documents were purged, and
 * updated times never go back even when the clock does.
 */
final class Writer implements AutoCloseable {
  private static final String SAVE_META =
      "INSERT INTO meta (key, value) VALUES (?, ?)"
          + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

  private final Path file;
  private final Statements statements;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long lastSeq;
  private long lastUpdatedMicros; // guarded by lock
  private boolean closed; // guarded by lock

  Writer(Path file, Durability durability, InstantSource clock) throws SQLException {
    this.file = file;
    this.clock = clock;
    this.statements = new Statements(Connections.writer(file, durability));
    try {
      this.lastSeq = Schema.readMeta(statements.connection(), Schema.LAST_SEQ);
      this.lastUpdatedMicros = Schema.readMeta(statements.connection(), Schema.LAST_UPDATED);
    } catch (SQLException e) {
      statements.close();
      throw e;
    }
  }

  /** A unit of work that runs inside one write transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(WriteTx tx) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction and returns its result once the transaction committed.
   *
   * @throws SqliteStoreException naming {@code what} when SQLite fails; nothing was written
   * @throws IllegalStateException when the store is closed
   */
  <T> T write(String what, Work<T> work) {
    lock.lock();
    try {
      requireOpen();
      long updated = Math.max(Micros.of(clock.instant()), lastUpdatedMicros);
      WriteTx tx = new WriteTx(statements, lastSeq, updated);
      try {
        statements.execute("BEGIN IMMEDIATE");
        requireSoleWriter();
        T result = work.run(tx);
        if (tx.assignedSeqs()) {
          saveCounters(tx);
        }
        statements.execute("COMMIT");
        if (tx.assignedSeqs()) {
          lastSeq = tx.lastSeq();
          lastUpdatedMicros = tx.updatedMicros();
        }
        return result;
      } catch (SQLException e) {
        rollback(e);
        throw SqliteStoreException.failed(what, file, e);
      } catch (RuntimeException | Error e) {
        rollback(e);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns the highest seq committed so far. */
  long lastSeq() {
    return lastSeq;
  }

  /** Waits for the transaction in progress, then closes the connection; later calls fail. */
  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        statements.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fails when the file's last seq is not the one this writer committed last: another process
   * writes to the same file, and going on would hand out seqs twice.
   */
  private void requireSoleWriter() throws SQLException {
    long inFile = Schema.readMeta(statements.connection(), Schema.LAST_SEQ);
    if (inFile != lastSeq) {
      throw new SQLException(
          "another process writes to this file (its last seq is " + inFile + ", this server's "
              + lastSeq + "); run one server per SQLite file");
    }
  }

  private void saveCounters(WriteTx tx) throws SQLException {
    PreparedStatement save = statements.get(SAVE_META);
    save.setString(1, Schema.LAST_SEQ);
    save.setLong(2, tx.lastSeq());
    save.addBatch();
    save.setString(1, Schema.LAST_UPDATED);
    save.setLong(2, tx.updatedMicros());
    save.addBatch();
    save.executeBatch();
  }

  private void rollback(Throwable failure) {
    try {
      statements.clearBatches();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    try {
      // SQLite has already rolled back after some errors (an I/O error in COMMIT, for one);
      // then this ROLLBACK fails harmlessly.
      statements.execute("ROLLBACK");
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
    try {
      // The counters in memory were not touched, but a COMMIT that failed may still have
      // reached the file; the file is the truth, and a stale counter would reuse seqs forever.
      lastSeq = Schema.readMeta(statements.connection(), Schema.LAST_SEQ);
      lastUpdatedMicros = Schema.readMeta(statements.connection(), Schema.LAST_UPDATED);
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }
}
