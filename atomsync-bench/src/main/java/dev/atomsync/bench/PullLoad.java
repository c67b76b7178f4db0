package dev.atomsync.bench;

import static dev.atomsync.bench.Measures.loadAverage;

import dev.atomsync.core.Change;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.AtomSyncServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Scenario E, pulls per second under many concurrent connections, beside its limit F: the same
 * answer bytes served by {@link BareJetty} to the same load generator over the same number of
 * connections, in the same run.
 *
 * <p>Each connection is a virtual thread with a {@link KeepAliveGetter} sending one pull after
 * the other; after a warm-up, completed pulls are counted for a fixed time, and every answer
 * must be a 200 with a body. The AtomSync server runs in this JVM: the load generator shares the
 * two cores with whichever server it drives, in or out of process, and in process both servers
 * see the same JVM, heap and JIT, so the ratio compares the servers and nothing else.
 *
 * <pre>{@code ./atomsync bench pulls [connections=64] [seconds=5] [rounds=3]}</pre>
 */
final class PullLoad {
  static final String GROUP = "pulls";
  private static final int DOCS = 1000;
  private static final int FEW = 5;
  private static final Duration WARMUP = Duration.ofSeconds(2);

  private PullLoad() {}

  /** Pulls per second over the measured time, how many, and the size of one answer's body. */
  record Result(double pullsPerSecond, long pulls, int bodyBytes) {}

  /**
   * Drives {@code GET target} (with {@code accept}, or none) on 127.0.0.1:{@code port} over
   * {@code connections} keep-alive connections: {@code warmup}, then counts for {@code duration}.
   *
   * @throws IOException when any answer is not a 200 with a body
   */
  static Result measure(int port, String target, @Nullable String accept, int connections,
      Duration warmup, Duration duration) throws IOException, InterruptedException {
    LongAdder pulls = new LongAdder();
    AtomicReference<Exception> failure = new AtomicReference<>();
    int[] bodyBytes = {0};
    try (KeepAliveGetter probe = new KeepAliveGetter(port, target, accept)) {
      bodyBytes[0] = probe.get(false);
    }
    Phase phase = new Phase();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      threads.add(Thread.ofVirtual().name("pull-load-" + c).start(() -> {
        try (KeepAliveGetter getter = new KeepAliveGetter(port, target, accept)) {
          while (phase.value != 2 && failure.get() == null) {
            getter.get(false);
            if (phase.value == 1) {
              pulls.increment();
            }
          }
        } catch (IOException | RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    Thread.sleep(warmup.toMillis());
    phase.value = 1;
    long start = System.nanoTime();
    Thread.sleep(duration.toMillis());
    long counted = pulls.sum();
    long end = System.nanoTime();
    phase.value = 2;
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw new IOException("pull load on " + target + " failed: " + failure.get(), failure.get());
    }
    return new Result(counted / ((end - start) / 1e9), counted, bodyBytes[0]);
  }

  /** 0 while warming up, 1 while counting, 2 when stopping; written by the measuring thread. */
  private static final class Phase {
    volatile int value;
  }

  /** One case of the table: a format and a {@code since}. */
  private record Case(String name, @Nullable String accept, String mediaType, long since) {
    String target() {
      return "/sync?group=" + GROUP + "&since=" + since + "&limit=1000&horizon=0";
    }
  }

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    Duration seconds = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 5);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Files.createTempDirectory("atomsync-pulls");
    try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("server.db"));
        BareJetty bare = BareJetty.start()) {
      long cursor = fill(server);
      String msgpack = WireFormat.MSGPACK.mediaType();
      String json = WireFormat.JSON.mediaType();
      List<Case> cases = List.of(
          new Case("msgpack, " + FEW + " docs", msgpack, msgpack, cursor - FEW),
          new Case("msgpack, empty", msgpack, msgpack, cursor),
          new Case("json, " + FEW + " docs", null, json, cursor - FEW),
          new Case("json, empty", null, json, cursor));
      for (Case c : cases) {
        try (KeepAliveGetter getter = new KeepAliveGetter(server.port(), c.target(), c.accept())) {
          getter.get(true);
          bare.answer(c.target(), c.mediaType(), getter.lastBody());
        }
      }
      System.out.printf("pulls: %d keep-alive connections, %s warm-up + %d s counted, %d rounds;"
          + " group of %,d docs, in-process server on SQLite; load average %s%n", connections,
          WARMUP.toSeconds(), seconds.toSeconds(), rounds, DOCS, loadAverage());
      Map<Case, double[][]> figures = new LinkedHashMap<>();
      for (Case c : cases) {
        figures.put(c, new double[2][rounds]);
      }
      // Unmeasured passes first: the first case measured must not pay for the JIT, which took
      // about ten seconds of this load to reach full speed here.
      for (int pass = 0; pass < 2; pass++) {
        for (Case c : cases) {
          measure(server.port(), c.target(), c.accept(), connections, WARMUP, WARMUP);
          measure(bare.port(), c.target(), c.accept(), connections, WARMUP, WARMUP);
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (Case c : cases) {
          // Ours and the limit back to back, so both see the same moment of a shared machine.
          figures.get(c)[0][r] = measure(server.port(), c.target(), c.accept(), connections,
              WARMUP, seconds).pullsPerSecond();
          figures.get(c)[1][r] = measure(bare.port(), c.target(), c.accept(), connections,
              WARMUP, seconds).pullsPerSecond();
        }
      }
      System.out.printf("%-18s %8s %22s %22s %7s%n", "case", "bytes", "AtomSync pulls/s",
          "bare Jetty pulls/s", "ratio");
      for (Case c : cases) {
        double[][] f = figures.get(c);
        int bytes;
        try (KeepAliveGetter getter = new KeepAliveGetter(server.port(), c.target(), c.accept())) {
          bytes = getter.get(false);
        }
        Stats ours = Stats.of(f[0]);
        Stats limit = Stats.of(f[1]);
        System.out.printf("%-18s %8d %22s %22s %6.0f%%%n", c.name(), bytes,
            String.format("%,.0f", ours.median()), String.format("%,.0f", limit.median()),
            100 * ours.median() / limit.median());
      }
      System.out.println("medians over rounds; target >= 20,000 pulls/s on 2 cores. The load"
          + " generator runs on the same 2 cores.");
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Pushes {@value #DOCS} documents of about 200 bytes; returns the group's cursor. */
  static long fill(AtomSyncServer server) {
    Random random = new Random(42);
    for (int batch = 0; batch < DOCS / 100; batch++) {
      List<Change> changes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = batch * 100 + i;
        changes.add(Change.put(GROUP + ":" + n, SampleDocs.todo(n, random), 0));
      }
      server.service().push(new PushRequest(GROUP, "pull-load", changes), "pull-load");
    }
    return server.service().store().lastSeq();
  }
}
