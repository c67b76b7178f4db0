package dev.atomsync.server.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The transaction-scoped advisory lock that every write transaction of a store takes first, on
 * every node, so writes to one store run one at a time and commit in seq order.
 *
 * <p>That order is what keeps pulls from skipping writes: seqs are handed out inside the lock, and
 * PostgreSQL makes a transaction visible before it releases its locks, so when a push sees the
 * lock it also sees every earlier push. A pull's snapshot that shows seq n therefore shows every
 * lower seq too, and a cursor never passes a write that is still to commit. A sequence alone would
 * not do: {@code nextval} order is not commit order.
 *
 * <p>The key is the store's schema, so stores in different schemas of one database do not wait
 * for each other (a hash collision only costs them that wait).
 */
final class WriteLock {
  /** "AtSy", the lock space of AtomSync. */
  private static final int SPACE = 0x41745379;

  private final int key;

  /** Returns the lock of the store in {@code schema}. */
  WriteLock(String schema) {
    this.key = schema.hashCode();
  }

  /**
   * Waits for and takes the lock in the transaction of {@code connection}; it is released when the
   * transaction ends. Statements after this one see every write committed before it returned.
   */
  void take(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      lock.setInt(1, SPACE);
      lock.setInt(2, key);
      lock.execute();
    }
  }
}
