package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.DocMap;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.ChildJvm;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.SyncServer;
import dev.atomsync.it.testing.WireClient;
import dev.atomsync.server.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many clients swap at once against one server: each client its own file and atom of one group,
 * writing documents of its own and, every few swaps, its field of a few shared documents (merged
 * field by field, so conflicts are forced and nothing is dropped). Afterwards every swap that
 * returned is on the server, every client holds exactly the server's documents, and no round ever
 * failed (no status change to OFFLINE or ERROR). Prints the time and the memory of this JVM, which
 * holds the server and the clients, or with {@code -Datomsync.load.serverProcess=true} of a CLI
 * server in a JVM of its own.
 *
 * <p>CI size: 50 clients x 100 swaps. The size: {@code -Datomsync.load.swaps=1000}
 * ({@code -Datomsync.load.clients=N} changes the clients).
 */
class LoadTest extends EndToEndTest {
  private static final int CLIENTS = Integer.getInteger("atomsync.load.clients", 50);
  private static final int SWAPS = Integer.getInteger("atomsync.load.swaps", 100);
  private static final int SHARED = 5;
  private static final int SHARED_EVERY = 10;
  private static final boolean SERVER_PROCESS = Boolean.getBoolean("atomsync.load.serverProcess");

  @Test
  @Timeout(value = 3600)
  void manyClientsSwappingAtOnce_loseNothingAndConverge() throws Exception {
    try (Target target = SERVER_PROCESS ? Target.process(dir) : Target.inProcess(server)) {
      run(target);
    }
  }

  private void run(Target target) throws Exception {
    Memory before = target.memory();
    MemorySampler sampler = MemorySampler.start(target);
    SyncOptions options = clients.options(target.syncUri())
        .pullInterval(Duration.ofSeconds(2))
        .conflictStrategy(ConflictStrategy.mergeFields());
    List<SyncedAtom> atoms = new ArrayList<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    for (int c = 0; c < CLIENTS; c++) {
      SyncedAtom atom = clients.open("client-" + c, "load", options);
      String name = "client-" + c;
      atom.addStatusListener((a, from, to) -> {
        if (to == SyncStatus.ERROR || to == SyncStatus.OFFLINE) {
          failures.add(name + ": " + from + " -> " + to);
        }
      });
      atoms.add(atom);
    }
    Await.await("every client is ready").atMost(Duration.ofSeconds(120))
        .until(() -> atoms.stream().allMatch(a -> a.ready().isDone()));
    AtomicLong swapsReturned = new AtomicLong();

    long start = System.nanoTime();
    ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      SyncedAtom atom = atoms.get(c);
      int client = c;
      running.add(threads.submit(() -> {
        go.await();
        for (int n = 0; n < SWAPS; n++) {
          int swap = n;
          try {
            atom.swap(m -> write(m, client, swap));
            swapsReturned.incrementAndGet();
          } catch (RuntimeException e) {
            failures.add("client-" + client + " swap " + swap + ": " + e);
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> future : running) {
      future.get(3000, TimeUnit.SECONDS);
    }
    threads.shutdown();
    long swapped = System.nanoTime() - start;
    Duration patience = Duration.ofSeconds(60 + (long) CLIENTS * SWAPS / 100);
    for (SyncedAtom atom : atoms) {
      Await.await(atom + " has nothing pending").atMost(patience)
          .untilAsserted(() -> assertThat(atom.pendingCount()).as("pending").isZero());
    }
    long pushed = System.nanoTime() - start;
    Map<String, Object> onServer = target.wire().values("load");
    for (SyncedAtom atom : atoms) {
      Await.await(atom + " holds the server's documents").atMost(patience)
          .until(() -> atom.deref().equals(onServer));
    }
    long converged = System.nanoTime() - start;
    Memory after = target.memory();
    sampler.stop();

    System.out.printf(
        "LoadTest: %d clients x %d swaps = %d swaps returned in %.1f s (%.0f swaps/s); all pushed"
            + " after %.1f s, all converged after %.1f s; %d documents on the server%n"
            + "LoadTest: %s: used heap after GC %d MiB before, %d MiB after (peak used %d MiB);"
            + " RSS %d MiB before, %d MiB after (peak %d MiB)%n"
            + "LoadTest: failures %s%n",
        CLIENTS, SWAPS, swapsReturned.get(), swapped / 1e9, swapsReturned.get() / (swapped / 1e9),
        pushed / 1e9, converged / 1e9, onServer.size(), target,
        before.heapMiB, after.heapMiB, sampler.peakHeapMiB(),
        before.rssMiB, after.rssMiB, sampler.peakRssMiB(), failures);
    assertThat(failures).as("failed swaps and rounds").isEmpty();
    assertThat(swapsReturned.get()).isEqualTo((long) CLIENTS * SWAPS);
    assertThat(onServer).isEqualTo(expected());
  }

  /** Writes swap {@code n} of {@code client}: a document of its own, sometimes a shared field. */
  private static DocMap write(DocMap docs, int client, int n) {
    DocMap next = docs.plus(own(client, n), Map.of(kw("client"), (long) client, kw("n"), (long) n));
    if (n % SHARED_EVERY == 0) {
      String shared = shared(n / SHARED_EVERY % SHARED);
      Map<Object, Object> fields = new LinkedHashMap<>();
      if (next.get(shared) instanceof Map<?, ?> old) {
        fields.putAll(old);
      }
      fields.put(kw("client-" + client), (long) n);
      next = next.plus(shared, fields);
    }
    return next;
  }

  /** Returns what the server must hold after every swap: each own document, each last field. */
  private static Map<String, Object> expected() {
    Map<String, Object> docs = new LinkedHashMap<>();
    Map<String, Map<Object, Object>> shared = new LinkedHashMap<>();
    for (int c = 0; c < CLIENTS; c++) {
      for (int n = 0; n < SWAPS; n++) {
        docs.put(own(c, n), Map.of(kw("client"), (long) c, kw("n"), (long) n));
        if (n % SHARED_EVERY == 0) {
          shared.computeIfAbsent(shared(n / SHARED_EVERY % SHARED), k -> new LinkedHashMap<>())
              .put(kw("client-" + c), (long) n);
        }
      }
    }
    docs.putAll(shared);
    return docs;
  }

  private static String own(int client, int n) {
    return "load:client-" + client + "-" + n;
  }

  private static String shared(int k) {
    return "load:shared-" + k;
  }

  /** Used heap after a full GC and resident set size, in MiB. */
  private record Memory(long heapMiB, long rssMiB) {}

  /**
   * The server the clients load: the test's own (in this JVM, so its memory includes the
   * clients') or a CLI server in a JVM of its own, measured through jcmd and /proc.
   */
  private interface Target extends AutoCloseable {
    URI syncUri();

    WireClient wire();

    /** Returns the memory after a full GC. */
    Memory memory();

    /** Returns the used heap (no GC) and the RSS, for sampling. */
    Memory sample();

    @Override
    void close();

    static Target inProcess(SyncServer server) {
      return new Target() {
        @Override
        public URI syncUri() {
          return server.syncUri();
        }

        @Override
        public WireClient wire() {
          return server.wire();
        }

        @Override
        public Memory memory() {
          System.gc();
          return sample();
        }

        @Override
        public Memory sample() {
          Runtime runtime = Runtime.getRuntime();
          return new Memory((runtime.totalMemory() - runtime.freeMemory()) >> 20, residentMiB("self"));
        }

        @Override
        public void close() {}

        @Override
        public String toString() {
          return "this JVM, holding the server and the clients (max heap "
              + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)";
        }
      };
    }

    static Target process(Path dir) throws IOException {
      int port;
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      Process child = ChildJvm.start(Main.class, "server", "--port", Integer.toString(port), "--db",
          dir.resolve("process-server.db").toString());
      URI root = URI.create("http://127.0.0.1:" + port + "/");
      Await.await("the server process answers /health").atMost(Duration.ofSeconds(60)).until(() -> {
        try {
          return WireClient.at(root).health().statusCode() == 200;
        } catch (RuntimeException notYet) {
          return false;
        }
      });
      return new Target() {
        @Override
        public URI syncUri() {
          return root.resolve("/sync");
        }

        @Override
        public WireClient wire() {
          return WireClient.at(root);
        }

        @Override
        public Memory memory() {
          jcmd("GC.run");
          return sample();
        }

        @Override
        public Memory sample() {
          Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd("GC.heap_info"));
          long heap = used.find() ? Long.parseLong(used.group(1)) >> 10 : -1;
          return new Memory(heap, residentMiB(Long.toString(child.pid())));
        }

        private String jcmd(String command) {
          try {
            Process jcmd = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(child.pid()), command)
                .redirectErrorStream(true)
                .start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return out;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }

        @Override
        public void close() {
          child.destroy();
          try {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
              child.destroyForcibly();
            }
          } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public String toString() {
          return "server process " + child.pid() + " alone";
        }
      };
    }
  }

  /** Samples the target's used heap (without GC) and RSS every 200 ms and keeps the highest. */
  private static final class MemorySampler {
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicInteger stop = new AtomicInteger();
    private final Thread thread;

    private MemorySampler(Target target) {
      thread = Thread.ofPlatform().daemon(true).name("memory-sampler").start(() -> {
        while (stop.get() == 0) {
          Memory now = target.sample();
          peakHeap.accumulateAndGet(now.heapMiB(), Math::max);
          peakRss.accumulateAndGet(now.rssMiB(), Math::max);
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    static MemorySampler start(Target target) {
      return new MemorySampler(target);
    }

    void stop() throws InterruptedException {
      stop.set(1);
      thread.join(5000);
    }

    long peakHeapMiB() {
      return peakHeap.get();
    }

    long peakRssMiB() {
      return peakRss.get();
    }
  }

  /** Returns VmRSS of process {@code pid} ("self": this one) from /proc, in MiB (0 without /proc). */
  static long residentMiB(String pid) {
    Path status = Path.of("/proc", pid, "status");
    if (!Files.exists(status)) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
