package dev.atomsync.bench;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.DocMap;
import dev.atomsync.client.Durability;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of changing one document of an atom that holds {@code size} documents: it should stay
 * flat from 1,000 to 1,000,000, since a change derived by {@link DocMap#plus} costs O(documents
 * changed). Three stores: {@code memory} ({@link AtomSync#inMemory()}), {@code file} (an SQLite
 * client file, durability NORMAL) and, as the physical limit of the file, {@code sqlite-raw}: a
 * plain JDBC upsert of one row, one transaction, into a table of {@code size} rows with the
 * client's pragmas, so that what the B-tree itself adds with size is visible.
 *
 * <p>Setup loads the atom once per trial, in swaps of 50,000 documents (the 1,000,000-document
 * file takes a while); each operation then puts a fresh value under a random existing id.
 *
 * <p>Times are sampled per call: on a shared machine the median ({@code p0.50}) shows the cost of a
 * put, while the mean also carries every time slice lost to other processes.
 *
 * <p>Run: {@code ./atomsync bench jmh WriteCostBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}. Report
 * the ratio of 1,000,000 to 1,000 per store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = "-Xmx4g")
public class WriteCostBenchmark {
  private static final int LOAD_CHUNK = 50_000;
  private static final int MASK = 4095;

  @Param({"1000", "100000", "1000000"})
  public int size;

  @Param({"memory", "file", "sqlite-raw"})
  public String store;

  private String[] ids;
  private int[] targets;
  private Map<?, ?>[] newValues;
  private byte[][] newBytes;
  private int n;
  private Path dir;
  private AtomSync db;
  private SyncedAtom atom;
  private Connection raw;
  private PreparedStatement upsert;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    long start = System.nanoTime();
    Map<?, ?>[] loadValues = SwapBenchmark.sampleValues();
    ids = new String[size];
    for (int i = 0; i < size; i++) {
      ids[i] = "bench:" + i;
    }
    Random random = new Random(7);
    targets = new int[MASK + 1];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = random.nextInt(size);
    }
    // Another seed: a new value never equals the one loaded, so every put really writes.
    // Two sets, used on alternate laps of the targets, so that no put repeats an id's value.
    newValues = new Map<?, ?>[2 * (MASK + 1)];
    newBytes = new byte[2 * (MASK + 1)][];
    Codec codec = Codec.standard();
    for (int i = 0; i < newValues.length; i++) {
      newValues[i] = Map.copyOf(SampleDocs.todo(size + i, random));
      newBytes[i] = codec.encode(newValues[i], WireFormat.JSON);
    }
    dir = Files.createTempDirectory("atomsync-write-cost");
    switch (store) {
      case "memory" -> loadAtom(AtomSync.inMemory(), loadValues);
      case "file" -> loadAtom(AtomSync.open(dir.resolve("client.db")), loadValues);
      case "sqlite-raw" -> loadRaw(codec, loadValues);
      default -> throw new IllegalArgumentException("unknown store " + store);
    }
    System.err.printf("%n[write cost] %s with %,d documents loaded in %.1f s%n", store, size,
        (System.nanoTime() - start) / 1e9);
  }

  private void loadAtom(AtomSync opened, Map<?, ?>[] loadValues) {
    db = opened;
    atom = db.atom("bench");
    for (int from = 0; from < size; from += LOAD_CHUNK) {
      Map<String, Object> chunk = new HashMap<>();
      for (int i = from; i < Math.min(size, from + LOAD_CHUNK); i++) {
        chunk.put(ids[i], loadValues[i & 1023]);
      }
      atom.swap(m -> m.plusAll(chunk));
    }
    if (atom.deref().size() != size) {
      throw new IllegalStateException("atom holds " + atom.deref().size() + ", expected " + size);
    }
  }

  private void loadRaw(Codec codec, Map<?, ?>[] loadValues) throws SQLException {
    byte[][] bytes = new byte[loadValues.length][];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = codec.encode(loadValues[i], WireFormat.JSON);
    }
    raw = SwapBenchmark.openRaw(dir.resolve("raw.db"), Durability.NORMAL);
    upsert = raw.prepareStatement(
        "INSERT INTO docs (id, grp, value) VALUES (?, 'bench', ?)"
            + " ON CONFLICT (id) DO UPDATE SET value = excluded.value");
    raw.setAutoCommit(false);
    for (int i = 0; i < size; i++) {
      upsert.setString(1, ids[i]);
      upsert.setBytes(2, bytes[i & 1023]);
      upsert.addBatch();
      if ((i + 1) % LOAD_CHUNK == 0 || i == size - 1) {
        upsert.executeBatch();
        raw.commit();
      }
    }
    raw.setAutoCommit(true);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    if (db != null) {
      db.close();
    }
    if (raw != null) {
      upsert.close();
      raw.close();
    }
    SwapBenchmark.deleteTree(dir);
  }

  @Benchmark
  public Object putOne() throws SQLException {
    int k = n & MASK;
    int v = n & (2 * MASK + 1);
    n++;
    String id = ids[targets[k]];
    if (atom != null) {
      return atom.put(id, newValues[v]);
    }
    upsert.setString(1, id);
    upsert.setBytes(2, newBytes[v]);
    return upsert.executeUpdate();
  }
}
