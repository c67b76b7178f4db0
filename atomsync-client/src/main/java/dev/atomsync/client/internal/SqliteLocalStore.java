package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.Durability;
import dev.atomsync.client.spi.Ack;
import dev.atomsync.client.spi.LocalChange;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.LocalStoreException;
import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.PullPosition;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.client.spi.StoredDoc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LocalStore} in one SQLite file (schema in {@link SqliteSchema}).
 *
 * <p>One connection does everything, one transaction at a time under a lock: a client file has a
 * single writer, and its reads (loading a group once, counting pending entries) are rare and short.
 * Every method commits before it returns, reads included, so no transaction stays open to hold
 * back WAL checkpoints. The store owns its file while open ({@link FileOwnership}, and SQLite's
 * exclusive locking mode): a second open, from this JVM or another process, fails. Thread-safe.
 */
public final class SqliteLocalStore implements LocalStore {
  private final Path file;
  private final FileOwnership ownership;
  private final Connection connection;
  private final SqliteStatements statements;
  private final ChangeIdSource changeIds;
  private final UUID clientId;
  private final PendingOrder order;
  private final ReentrantLock lock = new ReentrantLock();
  private long nextSeq;
  private boolean closed;

  private SqliteLocalStore(Path file, FileOwnership ownership, Connection connection,
      UUID clientId, Supplier<UUID> changeIds, long nextSeq) {
    this.file = file;
    this.ownership = ownership;
    this.connection = connection;
    this.statements = new SqliteStatements(connection);
    this.order = new PendingOrder((group, into) -> SqliteOutbox.readOrder(statements, group, into));
    this.clientId = clientId;
    this.changeIds = new ChangeIdSource(changeIds);
    this.nextSeq = nextSeq;
  }

  /**
   * Opens the store in {@code file}, creating the file and its tables when absent.
   *
   * @throws LocalStoreException when the file is open elsewhere, is not an AtomSync client file, or
   *     cannot be opened
   */
  public static SqliteLocalStore open(Path file, Durability durability) {
    return open(file, durability, UUID::randomUUID);
  }

  /** Opens the store as {@link #open(Path, Durability)}, taking change ids from {@code changeIds}. */
  public static SqliteLocalStore open(Path file, Durability durability, Supplier<UUID> changeIds) {
    requireNonNull(file, "file");
    requireNonNull(durability, "durability");
    requireNonNull(changeIds, "changeIds");
    FileOwnership ownership = FileOwnership.acquire(file);
    Connection connection = null;
    try {
      connection = SqliteConnections.open(file);
      UUID clientId = SqliteSchema.prepare(connection, file, UUID.randomUUID());
      SqliteConnections.configure(connection, durability);
      connection.setAutoCommit(false);
      long nextSeq = SqliteSchema.nextSeq(connection);
      connection.commit();
      return new SqliteLocalStore(file, ownership, connection, clientId, changeIds, nextSeq);
    } catch (SQLException | RuntimeException e) {
      SqliteConnections.closeQuietly(connection, e);
      ownership.close();
      if (e instanceof LocalStoreException known) {
        throw known;
      }
      throw new LocalStoreException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public UUID clientId() {
    return clientId;
  }

  @Override
  public SortedMap<String, byte[]> load(String group) {
    return inTransaction("load group \"" + group + "\"", () -> {
      SortedMap<String, byte[]> values = new TreeMap<>();
      // One pass over the group's rows gives the atom its values and the outbox its order.
      PreparedStatement select = statements.get(
          "SELECT id, value, pending_seq FROM docs WHERE id >= ? AND id < ?");
      SqliteOutbox.bindGroupRange(select, 1, group);
      PendingOrder.Group pending = new PendingOrder.Group();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String id = rows.getString(1);
          byte[] value = rows.getBytes(2);
          if (value != null) {
            values.put(id, value);
          }
          long seq = rows.getLong(3);
          if (!rows.wasNull()) {
            pending.put(seq, id);
          }
        }
      }
      order.adopt(group, pending); // read in this transaction, so as current as any kept before
      return values;
    });
  }

  @Override
  public @Nullable StoredDoc document(String id) {
    return inTransaction("read document \"" + id + "\"", () -> serverState().document(id));
  }

  @Override
  public void write(String group, List<LocalWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    inTransaction("write " + writes.size() + " documents of group \"" + group + "\"", () -> {
      SqliteOutbox outbox = outbox();
      for (LocalWrite write : writes) {
        outbox.write(group, write);
      }
      return null;
    });
  }

  @Override
  public int pendingCount(String group) {
    return inTransaction("count pending changes of group \"" + group + "\"",
        () -> outbox().documents(group));
  }

  @Override
  public List<OutboxEntry> outbox(String group) {
    return inTransaction("read the outbox of group \"" + group + "\"",
        () -> outbox().entries(group));
  }

  @Override
  public List<OutboxEntry> takeForPush(String group, int limit) {
    InMemoryLocalStore.checkLimit(limit);
    return inTransaction("take changes of group \"" + group + "\" for a push",
        () -> outbox().takeForPush(group, limit, true));
  }

  @Override
  public List<OutboxEntry> takeMoreForPush(String group, int limit) {
    InMemoryLocalStore.checkLimit(limit);
    return inTransaction("take more changes of group \"" + group + "\" for a push",
        () -> outbox().takeForPush(group, limit, false));
  }

  @Override
  public List<LocalChange> acknowledge(String group, List<Ack> acks) {
    if (acks.isEmpty()) {
      return List.of();
    }
    return inTransaction("acknowledge " + acks.size() + " changes of group \"" + group + "\"",
        () -> {
          SqliteServerState state = serverState();
          List<LocalChange> changes = new ArrayList<>();
          for (Ack ack : acks) {
            LocalChange change = state.acknowledge(group, ack);
            if (change != null) {
              changes.add(change);
            }
          }
          return changes;
        });
  }

  @Override
  public PullPosition position(String group) {
    return inTransaction("read the pull position of group \"" + group + "\"",
        () -> serverState().position(group));
  }

  @Override
  public List<LocalChange> applyPull(
      String group, List<RemoteDoc> docs, PullPosition next, boolean reset) {
    docs.forEach(doc -> requireNonNull(doc, "pulled document"));
    requireNonNull(next, "next");
    return inTransaction("apply " + docs.size() + " pulled documents of group \"" + group + "\"",
        () -> serverState().applyPull(group, docs, next, reset));
  }

  @Override
  public List<LocalChange> settle(
      String group, UUID change, RemoteDoc server, Resolution resolution) {
    requireNonNull(change, "change");
    requireNonNull(server, "server");
    requireNonNull(resolution, "resolution");
    return inTransaction("settle the conflict of " + server.id() + " in group \"" + group + "\"",
        () -> serverState().settle(group, change, server, resolution));
  }

  private SqliteServerState serverState() {
    return new SqliteServerState(statements, outbox(), changeIds);
  }

  private SqliteOutbox outbox() {
    return new SqliteOutbox(statements, order, changeIds, this::takeSeq);
  }

  /**
   * Returns the next outbox seq. A seq taken by a transaction that then rolls back is skipped:
   * seqs only order entries, so gaps are harmless.
   */
  private long takeSeq() {
    return nextSeq++;
  }

  /** Work inside one transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("local store " + file + " is closed");
      }
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(e);
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new LocalStoreException(
            "local store " + file + " cannot " + what + ": " + e.getMessage(), e);
      }
    } finally {
      lock.unlock();
    }
  }

  private void rollback(Exception cause) {
    order.forget();
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        statements.close();
        connection.close();
      } catch (SQLException e) {
        throw new LocalStoreException("cannot close " + file + ": " + e.getMessage(), e);
      } finally {
        ownership.close();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteLocalStore[" + file + "]";
  }
}
