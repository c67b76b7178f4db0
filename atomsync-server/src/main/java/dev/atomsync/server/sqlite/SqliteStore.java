package dev.atomsync.server.sqlite;

import dev.atomsync.server.internal.Micros;
import dev.atomsync.server.internal.StoreArguments;
import dev.atomsync.server.spi.PageSink;
import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;

/**
 * A {@link Store} in one SQLite file: the default server store for a single machine.
 *
 * <p>One connection writes, guarded by a lock, so pushes and purges run one at a time; a pool of
 * read-only connections serves pulls beside them from WAL snapshots. Every push commits before
 * it returns, with the WAL synced as {@link Durability} says. Thread-safe.
 */
public final class SqliteStore implements Store {
  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);
  private static final int SQLITE_NOTADB = SQLiteErrorCode.SQLITE_NOTADB.code;

  private final Path file;
  private final Writer writer;
  private final ReaderPool readers;
  private volatile boolean closed;

  private SqliteStore(Path file, Writer writer, ReaderPool readers) {
    this.file = file;
    this.writer = writer;
    this.readers = readers;
  }

  /**
   * Opens the store in {@code file}, creating the file and its tables when absent, with {@link
   * Durability#FULL}.
   *
   * @param clock the source of every document's updated time
   * @throws IllegalArgumentException when the file's directory does not exist
   * @throws SqliteStoreException when the file is not an AtomSync store or cannot be opened
   */
  public static SqliteStore open(Path file, InstantSource clock) {
    return open(file, clock, Durability.FULL);
  }

  /**
   * Opens the store in {@code file}, creating the file and its tables when absent.
   *
   * @param clock the source of every document's updated time
   * @param durability when a push counts as safely written
   * @throws IllegalArgumentException when the file's directory does not exist
   * @throws SqliteStoreException when the file is not an AtomSync store or cannot be opened
   */
  public static SqliteStore open(Path file, InstantSource clock, Durability durability) {
    Path absolute = requireOpenable(file);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(durability, "durability");
    Writer writer;
    try {
      writer = new Writer(absolute, durability, clock);
    } catch (SQLException e) {
      throw openFailure(absolute, e);
    }
    try {
      // One reader per core, plus one so a pull that waits on disk leaves every core busy.
      ReaderPool readers = new ReaderPool(absolute, Runtime.getRuntime().availableProcessors() + 1);
      SqliteStore store = new SqliteStore(absolute, writer, readers);
      log.info("Opened {} (last seq {}, durability {})", absolute, writer.lastSeq(), durability);
      return store;
    } catch (SQLException | RuntimeException e) {
      try {
        writer.close();
      } catch (SQLException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e instanceof SQLException sql ? openFailure(absolute, sql) : (RuntimeException) e;
    }
  }

  /** Returns the absolute path of the store's file. */
  public Path file() {
    return file;
  }

  @Override
  public StoredPage pull(String group, long since, long clientHorizon, int limit) {
    StoredPage.Collector page = StoredPage.collector();
    pull(group, since, clientHorizon, limit, page);
    return page.page();
  }

  /** Hands each row to {@code sink} as the read transaction reads it. */
  @Override
  public void pull(String group, long since, long clientHorizon, int limit, PageSink sink) {
    StoreArguments.requirePull(group, since, clientHorizon, limit);
    Objects.requireNonNull(sink, "sink");
    requireOpen();
    readers.read(
        "pull of group " + group,
        reader -> {
          PageQuery.read(reader, group, since, clientHorizon, limit, sink);
          return null;
        });
  }

  @Override
  public StoredPushResult push(String group, String author, List<StoredChange> changes) {
    StoreArguments.requirePush(group, author, changes);
    return writer.write(
        "push to group " + group, tx -> Pusher.push(tx, group, author, changes));
  }

  @Override
  public PurgeResult purge(Instant olderThan) {
    long olderThanMicros = Micros.of(Objects.requireNonNull(olderThan, "olderThan"));
    PurgeResult result =
        writer.write("purge before " + olderThan, tx -> Purger.purge(tx, olderThanMicros));
    log.info(
        "Purged {} tombstones and {} change ids older than {} from {}; horizons now {}",
        result.tombstones(), result.changeIds(), olderThan, file, result.horizons());
    return result;
  }

  @Override
  public long lastSeq() {
    requireOpen();
    return writer.lastSeq();
  }

  @Override
  public void checkHealth() {
    requireOpen();
    readers.read("health check", reader -> {
      PreparedStatement query = reader.get("SELECT count(*) FROM meta");
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return null;
      }
    });
  }

  /**
   * Writes a consistent copy of the store to {@code target}, which must not exist yet; pushes go
   * on meanwhile and the copy holds what was committed when it began.
   *
   * @throws IllegalArgumentException when {@code target} already exists
   * @throws SqliteStoreException when SQLite cannot write the copy
   * @throws UncheckedIOException when the copy cannot be synced to disk
   */
  public void backup(Path target) {
    Path absolute = target.toAbsolutePath();
    requireArgument(!Files.exists(absolute),
        "backup target must not exist yet: " + absolute + " exists");
    requireOpen();
    readers.use("backup to " + absolute, reader -> {
      PreparedStatement vacuum = reader.get("VACUUM INTO ?");
      vacuum.setString(1, absolute.toString());
      vacuum.execute();
      return null;
    });
    // VACUUM INTO leaves the copy in the page cache; a backup should survive a power cut too.
    try (FileChannel channel = FileChannel.open(absolute, StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("syncing backup " + absolute + " failed", e);
    }
    log.info("Backed up {} to {}", file, absolute);
  }

  /** Waits for a push or purge in progress and for pulls to finish, then closes every connection. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      readers.close();
    } finally {
      try {
        // Last, because the last connection to close checkpoints the WAL into the file and
        // removes it, and read-only connections cannot.
        writer.close();
      } catch (SQLException e) {
        log.warn("Closing the write connection of {} failed", file, e);
      }
    }
    log.info("Closed {}", file);
  }

  private static Path requireOpenable(Path file) {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    requireArgument(directory != null && Files.isDirectory(directory),
        "cannot open " + absolute + ": its directory does not exist");
    requireArgument(!Files.isDirectory(absolute),
        "cannot open " + absolute + ": it is a directory");
    return absolute;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  private static void requireArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static SqliteStoreException openFailure(Path file, SQLException e) {
    if (e.getErrorCode() == SQLITE_NOTADB) {
      return new SqliteStoreException(
          "cannot open " + file + ": it is not an SQLite database, so not an AtomSync store", e);
    }
    return SqliteStoreException.failed("opening the store", file, e);
  }
}
