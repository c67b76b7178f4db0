package dev.atomsync.server.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of read-only connections, each lent to one reader at a time.
 *
 * <p>Under WAL every reader sees the snapshot of the last commit when its transaction began, and
 * neither blocks the writer nor waits for it, so pulls run beside pushes. More connections than
 * cores would only queue inside SQLite instead of here.
 */
final class ReaderPool implements AutoCloseable {
  private static final long POLL_MILLIS = 100;
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final Path file;
  private final int size;
  private final BlockingQueue<Statements> idle;
  private volatile boolean closed;

  ReaderPool(Path file, int size) throws SQLException {
    if (size < 1) {
      throw new IllegalArgumentException("reader pool size must be at least 1: " + size);
    }
    this.file = file;
    this.size = size;
    this.idle = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        idle.add(new Statements(Connections.reader(file)));
      }
    } catch (SQLException e) {
      closeIdle();
      throw e;
    }
  }

  /** A unit of work that runs inside one read transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Statements reader) throws SQLException;
  }

  /**
   * Runs {@code work} in one read transaction, so all its queries see one snapshot.
   *
   * @throws SqliteStoreException naming {@code what} when SQLite fails
   * @throws IllegalStateException when the store is closed
   */
  <T> T read(String what, Work<T> work) {
    return use(what, reader -> {
      reader.execute("BEGIN");
      try {
        T result = work.run(reader);
        reader.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          reader.execute("ROLLBACK");
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
    });
  }

  /**
   * Runs {@code work} with a reader outside any transaction, for statements such as VACUUM INTO
   * that SQLite refuses inside one.
   *
   * @throws SqliteStoreException naming {@code what} when SQLite fails
   * @throws IllegalStateException when the store is closed
   */
  <T> T use(String what, Work<T> work) {
    Statements reader = borrow();
    try {
      return work.run(reader);
    } catch (SQLException e) {
      throw SqliteStoreException.failed(what, file, e);
    } finally {
      idle.add(reader);
    }
  }

  /**
   * Waits for every connection to come back, then closes them all; later reads fail.
   *
   * @throws SqliteStoreException when a reader does not come back within 30 seconds
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
    int closedCount = 0;
    try {
      while (closedCount < size) {
        Statements reader = idle.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (reader == null) {
          throw new SqliteStoreException(
              (size - closedCount) + " readers of " + file + " still busy after "
                  + CLOSE_WAIT_SECONDS + " s; closing without them");
        }
        closeQuietly(reader);
        closedCount++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeIdle();
    }
  }

  private Statements borrow() {
    try {
      while (true) {
        if (closed) {
          throw new IllegalStateException("store is closed");
        }
        Statements reader = idle.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (reader != null) {
          if (closed) {
            idle.add(reader);
            throw new IllegalStateException("store is closed");
          }
          return reader;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a reader of " + file, e);
    }
  }

  private void closeIdle() {
    Statements reader;
    while ((reader = idle.poll()) != null) {
      closeQuietly(reader);
    }
  }

  private static void closeQuietly(Statements reader) {
    try {
      reader.close();
    } catch (SQLException ignored) {
      // Closing a read-only connection loses nothing; the file stays consistent.
    }
  }
}
