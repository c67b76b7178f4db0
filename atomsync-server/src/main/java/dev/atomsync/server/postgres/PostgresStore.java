package dev.atomsync.server.postgres;

import dev.atomsync.server.internal.Micros;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.atomsync.server.internal.StoreArguments;
import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.spi.SharedStore;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SharedStore} in a PostgreSQL database: the store for several server nodes.
 *
 * <p>Any number of nodes, each with its own {@code PostgresStore} on the same database and schema,
 * share the documents. Pushes and purges of all nodes run one at a time under one advisory lock
 * (see {@link WriteLock}), so seqs commit in order and a pull never skips a write; each push
 * announces itself with NOTIFY, and {@link #onOtherNodesPush} passes on what the other nodes
 * announce. Pulls run beside pushes on a HikariCP pool, each one statement on one snapshot.
 * The tables live in the connection's current schema ({@code currentSchema=} in the URL picks
 * one) and are created on first open. Thread-safe.
 */
public final class PostgresStore implements SharedStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

  /** The application name of each store's listening connection, as {@code pg_stat_activity} shows it. */
  public static final String LISTENER_NAME = "atomsync-listen";

  /** The pool size {@link #open(String, InstantSource)} uses. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private final String database;
  private final HikariDataSource pool;
  private final Writer writer;
  private final CommitFeed feed;
  // Readers are the calls in flight; close takes the write side, so it waits for them.
  private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();
  private boolean feedStarted; // guarded by this
  private volatile boolean closed;

  private PostgresStore(String database, HikariDataSource pool, Writer writer, CommitFeed feed) {
    this.database = database;
    this.pool = pool;
    this.writer = writer;
    this.feed = feed;
  }

  /**
   * Opens the store in the database {@code jdbcUrl} names, with a pool of {@link
   * #DEFAULT_POOL_SIZE} connections, creating its tables when absent.
   *
   * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/atomsync?user=atomsync}
   * @param clock the source of every document's updated time
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a PostgreSQL JDBC URL
   * @throws PostgresStoreException when the database cannot be reached or holds a newer schema
   */
  public static PostgresStore open(String jdbcUrl, InstantSource clock) {
    return open(jdbcUrl, clock, DEFAULT_POOL_SIZE);
  }

  /**
   * Opens the store in the database {@code jdbcUrl} names, with a pool of {@code poolSize}
   * connections (plus one that listens for other nodes' pushes), creating its tables when absent.
   *
   * @param clock the source of every document's updated time
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a PostgreSQL JDBC URL or {@code
   *     poolSize} is below 1
   * @throws PostgresStoreException when the database cannot be reached or holds a newer schema
   */
  public static PostgresStore open(String jdbcUrl, InstantSource clock, int poolSize) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(clock, "clock");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE): "
              + JdbcUrls.redact(jdbcUrl));
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool size must be at least 1: " + poolSize);
    }
    String database = JdbcUrls.redact(jdbcUrl);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(jdbcUrl, poolSize));
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw PostgresStoreException.failed("opening the store", database, cause);
    }
    try (Connection connection = pool.getConnection()) {
      String schema = currentSchema(connection, database);
      WriteLock lock = new WriteLock(schema);
      Schema.prepare(lock, connection, database);
      Announcer announcer = new Announcer(schema);
      Writer writer = new Writer(pool, lock, announcer, clock, database);
      CommitFeed feed =
          new CommitFeed(() -> DriverManager.getConnection(jdbcUrl, listenerProperties()),
              announcer, database);
      PostgresStore store = new PostgresStore(database, pool, writer, feed);
      log.info("Opened {} (schema {}, last seq {})", database, schema, store.lastSeq());
      return store;
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e instanceof SQLException sql
          ? PostgresStoreException.failed("opening the store", database, sql)
          : (RuntimeException) e;
    }
  }

  /** Returns the database's JDBC URL, with any password hidden. */
  public String database() {
    return database;
  }

  @Override
  public StoredPage pull(String group, long since, long clientHorizon, int limit) {
    StoreArguments.requirePull(group, since, clientHorizon, limit);
    return read("pull of group " + group,
        connection -> PageQuery.read(connection, group, since, clientHorizon, limit));
  }

  @Override
  public StoredPushResult push(String group, String author, List<StoredChange> changes) {
    StoreArguments.requirePush(group, author, changes);
    enter();
    try {
      return writer.write("push to group " + group, tx -> Pusher.push(tx, group, author, changes));
    } finally {
      leave();
    }
  }

  @Override
  public PurgeResult purge(Instant olderThan) {
    long olderThanMicros = Micros.of(Objects.requireNonNull(olderThan, "olderThan"));
    enter();
    PurgeResult result;
    try {
      result = writer.write("purge before " + olderThan, tx -> Purger.purge(tx, olderThanMicros));
    } finally {
      leave();
    }
    log.info(
        "Purged {} tombstones and {} change ids older than {} from {}; horizons now {}",
        result.tombstones(), result.changeIds(), olderThan, database, result.horizons());
    return result;
  }

  /** Returns the highest seq committed so far by any node. */
  @Override
  public long lastSeq() {
    return read("reading the last seq", connection -> {
      try (PreparedStatement query =
              connection.prepareStatement("SELECT last_seq FROM atomsync_state");
          ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0L;
      }
    });
  }

  @Override
  public void checkHealth() {
    lastSeq();
  }

  @Override
  public synchronized Registration onOtherNodesPush(PushListener listener) {
    Objects.requireNonNull(listener, "listener");
    requireOpen();
    Runnable remove = feed.add(listener);
    if (!feedStarted) {
      feedStarted = true;
      feed.start();
    }
    return remove::run;
  }

  /** Waits for calls in progress, stops listening, then closes every connection. */
  @Override
  public void close() {
    inFlight.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      inFlight.writeLock().unlock();
    }
    feed.close();
    pool.close();
    log.info("Closed {}", database);
  }

  /** A read on a pooled connection in auto-commit mode. */
  @FunctionalInterface
  private interface Read<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(String what, Read<T> work) {
    enter();
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw PostgresStoreException.failed(what, database, e);
    } finally {
      leave();
    }
  }

  private void enter() {
    inFlight.readLock().lock();
    if (closed) {
      inFlight.readLock().unlock();
      throw new IllegalStateException("store is closed");
    }
  }

  private void leave() {
    inFlight.readLock().unlock();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  private static HikariConfig poolConfig(String jdbcUrl, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("atomsync-postgres");
    config.addDataSourceProperty("ApplicationName", "atomsync");
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    // The write lock's guarantee needs each statement to see what committed before it began.
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    // A node that stalls inside a push holds the write lock of every node; let the server end it.
    config.setConnectionInitSql("SET idle_in_transaction_session_timeout = '60s'");
    // One push is a few statements of batched rows; let the driver send batched inserts as one.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    return config;
  }

  /** The listening connection's settings: it notices a server that went away within a minute. */
  private static Properties listenerProperties() {
    Properties properties = new Properties();
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("socketTimeout", "60");
    properties.setProperty("ApplicationName", LISTENER_NAME);
    return properties;
  }

  private static String currentSchema(Connection connection, String database)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT current_schema()");
        ResultSet rows = query.executeQuery()) {
      @Nullable String schema = rows.next() ? rows.getString(1) : null;
      if (schema == null) {
        throw new PostgresStoreException(
            "cannot open " + database + ": no schema of its search_path exists to keep the"
                + " store's tables in");
      }
      return schema;
    }
  }
}
