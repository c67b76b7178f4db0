package dev.atomsync.bench;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.AtomSyncOptions;
import dev.atomsync.client.Durability;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code SyncedAtom.swap} with write-through to an SQLite client file, on 1 and 8 threads, beside
 * its physical limit: plain JDBC upserting the same encoded value, one row per transaction, into a
 * file with the client's pragmas ({@code locking_mode=EXCLUSIVE}, WAL, the same {@code
 * synchronous}).
 *
 * <p>Every swap adds a new document ({@code "bench:" + n}), as every limit upsert adds a new row.
 * The atom also writes the document's outbox entry in the same transaction (a local-only atom
 * keeps one too, so that it can be synced later) and encodes the value; the limit gets its bytes
 * encoded before the clock starts. On 8 threads the limit shares its one connection under a lock,
 * as the atom shares its store under its write lock: SQLite has one writer per file either way.
 *
 * <p>Between the two, {@code schema_*} runs the SQL of client schema 2 with plain JDBC: its tables
 * and indexes, and per change its three statements (the document's state, the document upsert, the
 * outbox insert with a random change id) in one transaction. It is kept as the "before" of issue 6:
 * schema 3 folds the pending entry into the document's row, and the atom commits concurrent swaps
 * together; {@link LocalWriteBench} measures that beside the limit.
 *
 * <p>Run: {@code ./atomsync bench jmh SwapBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}. Ratios: atom ÷
 * limit of the same durability and thread count.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SwapBenchmark {
  private static final int VALUES = 1024;

  /** An atom on a fresh file. */
  @State(Scope.Benchmark)
  public static class AtomState {
    @Param({"NORMAL", "FULL"})
    public Durability durability;

    final AtomicLong next = new AtomicLong();
    final AtomicLong applied = new AtomicLong();
    Map<?, ?>[] values;
    Path dir;
    AtomSync db;
    SyncedAtom atom;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      values = sampleValues();
      dir = Files.createTempDirectory("atomsync-swap-bench");
      db = AtomSync.open(dir.resolve("client.db"), AtomSyncOptions.defaults().durability(durability));
      atom = db.atom("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      long swaps = next.get();
      System.err.printf("%n[swap %s] %,d swaps, swap function applied %,d times (%.2f per swap)%n",
          durability, swaps, applied.get(), swaps == 0 ? 0.0 : applied.get() / (double) swaps);
      db.close();
      Files.deleteIfExists(dir.resolve("client.db.lock"));
      deleteTree(dir);
    }
  }

  /** A raw JDBC connection on a fresh file with the client's pragmas. */
  @State(Scope.Benchmark)
  public static class RawState {
    @Param({"NORMAL", "FULL"})
    public Durability durability;

    final AtomicLong next = new AtomicLong();
    final ReentrantLock lock = new ReentrantLock();
    byte[][] values;
    Path dir;
    Connection connection;
    PreparedStatement upsert;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
      Map<?, ?>[] docs = sampleValues();
      Codec codec = Codec.standard();
      values = new byte[docs.length][];
      for (int i = 0; i < docs.length; i++) {
        values[i] = codec.encode(docs[i], WireFormat.JSON);
      }
      dir = Files.createTempDirectory("atomsync-swap-limit");
      connection = openRaw(dir.resolve("raw.db"), durability);
      upsert = connection.prepareStatement(
          "INSERT INTO docs (id, grp, value) VALUES (?, 'bench', ?)"
              + " ON CONFLICT (id) DO UPDATE SET value = excluded.value");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
      upsert.close();
      connection.close();
      deleteTree(dir);
    }
  }

  /** A raw JDBC connection on a fresh file with the client's schema and pragmas. */
  @State(Scope.Benchmark)
  public static class SchemaState {
    @Param({"NORMAL", "FULL"})
    public Durability durability;

    final AtomicLong next = new AtomicLong();
    final ReentrantLock lock = new ReentrantLock();
    byte[][] values;
    Path dir;
    Connection connection;
    PreparedStatement state;
    PreparedStatement upsert;
    PreparedStatement outbox;

    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
      Map<?, ?>[] docs = sampleValues();
      Codec codec = Codec.standard();
      values = new byte[docs.length][];
      for (int i = 0; i < docs.length; i++) {
        values[i] = codec.encode(docs[i], WireFormat.JSON);
      }
      dir = Files.createTempDirectory("atomsync-swap-schema");
      connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("schema.db"));
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, grp TEXT NOT NULL, value BLOB,"
            + " base_value BLOB, base_version INTEGER NOT NULL DEFAULT 0, remote_value BLOB,"
            + " remote_version INTEGER NOT NULL DEFAULT 0)");
        s.execute("CREATE TABLE outbox (seq INTEGER PRIMARY KEY, grp TEXT NOT NULL,"
            + " id TEXT NOT NULL, in_flight INTEGER NOT NULL,"
            + " op TEXT NOT NULL CHECK (op IN ('put', 'delete')), value BLOB,"
            + " base INTEGER NOT NULL, change BLOB NOT NULL UNIQUE, UNIQUE (id, in_flight))");
        s.execute("CREATE INDEX outbox_group ON outbox (grp, in_flight, seq)");
        s.execute("PRAGMA locking_mode=EXCLUSIVE");
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=" + durability.name());
      }
      connection.setAutoCommit(false);
      state = connection.prepareStatement(
          "SELECT (SELECT base_version FROM docs WHERE id = ?1),"
              + " (SELECT seq FROM outbox WHERE id = ?1 AND in_flight = 0),"
              + " EXISTS (SELECT 1 FROM outbox WHERE id = ?1 AND in_flight = 1),"
              + " (SELECT remote_version FROM docs WHERE id = ?1)");
      upsert = connection.prepareStatement(
          "INSERT INTO docs (id, grp, value) VALUES (?, ?, ?)"
              + " ON CONFLICT (id) DO UPDATE SET value = excluded.value");
      outbox = connection.prepareStatement(
          "INSERT INTO outbox (grp, id, in_flight, op, value, base, change)"
              + " VALUES (?, ?, 0, ?, ?, ?, ?)");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
      connection.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  @Threads(1)
  public Object atom_1thread(AtomState s) {
    return swap(s);
  }

  @Benchmark
  @Threads(8)
  public Object atom_8threads(AtomState s) {
    return swap(s);
  }

  @Benchmark
  @Threads(1)
  public int limit_1thread(RawState s) throws SQLException {
    return upsert(s);
  }

  @Benchmark
  @Threads(8)
  public int limit_8threads(RawState s) throws SQLException {
    return upsert(s);
  }

  @Benchmark
  @Threads(1)
  public int schema_1thread(SchemaState s) throws SQLException {
    return clientStatements(s);
  }

  @Benchmark
  @Threads(8)
  public int schema_8threads(SchemaState s) throws SQLException {
    return clientStatements(s);
  }

  private static int clientStatements(SchemaState s) throws SQLException {
    long n = s.next.getAndIncrement();
    String id = "bench:" + n;
    byte[] value = s.values[(int) (n % VALUES)];
    UUID change = UUID.randomUUID();
    s.lock.lock();
    try {
      s.state.setString(1, id);
      long base;
      try (ResultSet row = s.state.executeQuery()) {
        row.next();
        base = row.getLong(1);
      }
      s.upsert.setString(1, id);
      s.upsert.setString(2, "bench");
      s.upsert.setBytes(3, value);
      s.upsert.executeUpdate();
      s.outbox.setString(1, "bench");
      s.outbox.setString(2, id);
      s.outbox.setString(3, "put");
      s.outbox.setBytes(4, value);
      s.outbox.setLong(5, base);
      s.outbox.setBytes(6, ByteBuffer.allocate(16)
          .putLong(change.getMostSignificantBits())
          .putLong(change.getLeastSignificantBits()).array());
      int rows = s.outbox.executeUpdate();
      s.connection.commit();
      return rows;
    } finally {
      s.lock.unlock();
    }
  }

  private static Object swap(AtomState s) {
    long n = s.next.getAndIncrement();
    String id = "bench:" + n;
    Object value = s.values[(int) (n % VALUES)];
    return s.atom.swap(m -> {
      s.applied.getAndIncrement();
      return m.plus(id, value);
    });
  }

  private static int upsert(RawState s) throws SQLException {
    long n = s.next.getAndIncrement();
    String id = "bench:" + n;
    byte[] value = s.values[(int) (n % VALUES)];
    s.lock.lock();
    try {
      s.upsert.setString(1, id);
      s.upsert.setBytes(2, value);
      return s.upsert.executeUpdate(); // autocommit: one transaction per row
    } finally {
      s.lock.unlock();
    }
  }

  static Map<?, ?>[] sampleValues() {
    Random random = new Random(42);
    Map<?, ?>[] values = new Map<?, ?>[VALUES];
    for (int i = 0; i < VALUES; i++) {
      values[i] = Map.copyOf(SampleDocs.todo(i, random));
    }
    return values;
  }

  /** Opens {@code file} as the client opens its file: exclusive locking, WAL, {@code durability}. */
  static Connection openRaw(Path file, Durability durability) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA locking_mode=EXCLUSIVE");
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=" + durability.name());
      s.execute("CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, grp TEXT NOT NULL,"
          + " value BLOB)");
    }
    return c;
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
