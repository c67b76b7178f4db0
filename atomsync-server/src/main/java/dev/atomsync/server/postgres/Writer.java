package dev.atomsync.server.postgres;

import dev.atomsync.server.internal.Micros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs write transactions: each takes the {@link WriteLock} first, then reads the last seq and
 * updated time, and saves them again before it commits.
 *
 * <p>Reading the counters in a statement after the lock matters: under READ COMMITTED each
 * statement sees what committed before it started, so the counters read are those of the last
 * transaction that held the lock. Updated times never go back, even when the clock of one node is
 * behind another's.
 *
 * <p>Within a node, writers also take turns before they borrow a connection: they would wait for
 * the advisory lock one by one anyway, and a writer waiting with a connection in hand would take
 * it from the pulls, which could then starve behind a burst of pushes.
 */
final class Writer {
  private static final String READ_STATE = "SELECT last_seq, last_updated FROM atomsync_state";
  private static final String SAVE_STATE =
      "UPDATE atomsync_state SET last_seq = ?, last_updated = ?";

  private final DataSource pool;
  private final WriteLock lock;
  private final Announcer announcer;
  private final InstantSource clock;
  private final String database;
  private final ReentrantLock turn = new ReentrantLock(true);

  Writer(DataSource pool, WriteLock lock, Announcer announcer, InstantSource clock,
      String database) {
    this.pool = pool;
    this.lock = lock;
    this.announcer = announcer;
    this.clock = clock;
    this.database = database;
  }

  /** A unit of work that runs inside one write transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(WriteTx tx) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction and returns its result once the transaction committed.
   *
   * @throws PostgresStoreException naming {@code what} when PostgreSQL fails
   */
  <T> T write(String what, Work<T> work) {
    turn.lock();
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        lock.take(connection);
        WriteTx tx = begin(connection);
        T result = work.run(tx);
        if (tx.assignedSeqs()) {
          save(connection, tx);
        }
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw PostgresStoreException.failed(what, database, e);
    } finally {
      turn.unlock();
    }
  }

  private WriteTx begin(Connection connection) throws SQLException {
    try (PreparedStatement read = connection.prepareStatement(READ_STATE);
        ResultSet rows = read.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("the row of atomsync_state is missing");
      }
      long updated = Math.max(Micros.of(clock.instant()), rows.getLong(2));
      return new WriteTx(connection, announcer, rows.getLong(1), updated);
    }
  }

  private static void save(Connection connection, WriteTx tx) throws SQLException {
    try (PreparedStatement save = connection.prepareStatement(SAVE_STATE)) {
      save.setLong(1, tx.lastSeq());
      save.setLong(2, tx.updatedMicros());
      save.executeUpdate();
    }
  }

  private static void rollback(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
