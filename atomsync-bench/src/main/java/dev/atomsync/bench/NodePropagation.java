package dev.atomsync.bench;

import static dev.atomsync.bench.Measures.awaitMark;
import static dev.atomsync.bench.Measures.ms;
import static dev.atomsync.bench.Measures.require;
import static dev.atomsync.core.Transit.kw;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.LiveEvents;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One round of {@link PropagationBench}'s measurement with client A on one server node and client
 * B on another (or the same): A puts a document carrying a sequence number, B's watch notes when it
 * sees that number; the next sample starts once A has pulled its own change back too. After each
 * sample, the same bare round trips as {@link PropagationBench.Limits}: a raw push to A's node and
 * a raw pull of the document from B's node.
 *
 * <p>Besides the client's HTTP ({@link TimedHttpClient}), both nodes' {@link LiveEvents} are
 * listened to, so a sample between two nodes shows when A's node published the event and when B's
 * node heard of it (through PostgreSQL's LISTEN/NOTIFY).
 */
final class NodePropagation {
  static final String GROUP = "bench";
  private static final String DOC = "bench:p";
  private static final Object SEQ = kw("seq");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  static final String[] STEPS = {
    "A swap, local commit",
    "A commit -> push sent",
    "push sent -> A's node published event",
    "A's node published -> B's node published",
    "B's node published -> event bytes at B",
    "event at B -> watch fired (event applied, or B pulled)",
  };

  /** The marks of one sample, as nanoTime; 0 until seen. */
  private static final class Marks {
    final long seq;
    final AtomicLong start = new AtomicLong();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong pushSent = new AtomicLong();
    final AtomicLong publishedA = new AtomicLong();
    final AtomicLong publishedB = new AtomicLong();
    final AtomicLong eventAtB = new AtomicLong();
    final AtomicLong pullSentB = new AtomicLong();
    final AtomicLong pullAnsweredB = new AtomicLong();
    final AtomicLong watchB = new AtomicLong();
    final AtomicLong pushAnswered = new AtomicLong();
    final AtomicLong pullSentA = new AtomicLong();
    final AtomicLong pullAnsweredA = new AtomicLong();
    final CountDownLatch seen = new CountDownLatch(1);

    Marks(long seq) {
      this.seq = seq;
    }

    long[] path() {
      return new long[] {
        start.get(), committed.get(), pushSent.get(), publishedA.get(), publishedB.get(),
        eventAtB.get(), watchB.get()
      };
    }
  }

  /**
   * One round's samples in ms: A swap to B watch, the bare round trips, and each step; and in how
   * many samples B pulled (it did not when the event carried the change).
   */
  record Round(double[] ours, double[] rawPush, double[] rawPull, double[][] steps, int missed,
      int pullsB) {
    double[] step(int index) {
      return Arrays.stream(steps).mapToDouble(s -> s[index]).toArray();
    }
  }

  private volatile Marks current = new Marks(-1);

  private NodePropagation() {}

  /** Measures {@code samples} propagations after {@code warmup}, A on {@code nodeA}, B on {@code nodeB}. */
  static Round run(AtomSyncServer nodeA, AtomSyncServer nodeB, int samples, int warmup)
      throws Exception {
    return new NodePropagation().round(nodeA, nodeB, samples, warmup);
  }

  private Round round(AtomSyncServer nodeA, AtomSyncServer nodeB, int samples, int warmup)
      throws Exception {
    Path dir = Files.createTempDirectory("atomsync-nodes");
    HttpClient httpA = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient httpB = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (LiveEvents.Subscription onA = nodeA.service().events().subscribe(GROUP,
            (group, cursor) -> current.publishedA.compareAndSet(0, System.nanoTime()));
        LiveEvents.Subscription onB = nodeB.service().events().subscribe(GROUP,
            (group, cursor) -> current.publishedB.compareAndSet(0, System.nanoTime()));
        AtomSync a = AtomSync.open(dir.resolve("a.db"));
        AtomSync b = AtomSync.open(dir.resolve("b.db"))) {
      Duration pull = Duration.ofSeconds(60);
      SyncedAtom atomA = a.atom(GROUP, SyncOptions.server(nodeA.syncUri()).pullInterval(pull)
          .httpClient(new TimedHttpClient(httpA, probeA())));
      SyncedAtom atomB = b.atom(GROUP, SyncOptions.server(nodeB.syncUri()).pullInterval(pull)
          .httpClient(new TimedHttpClient(httpB, probeB())));
      require(atomA.ready().get(10, TimeUnit.SECONDS) == Readiness.SYNCED, "A not synced");
      require(atomB.ready().get(10, TimeUnit.SECONDS) == Readiness.SYNCED, "B not synced");
      atomB.addWatch("propagation", (key, atom, old, now) -> {
        long t = System.nanoTime();
        Marks marks = current;
        if (now.get(DOC) instanceof Map<?, ?> doc && doc.get(SEQ) instanceof Long seq
            && seq == marks.seq) {
          marks.watchB.compareAndSet(0, t);
          marks.seen.countDown();
        }
      });
      PropagationBench.Limits limitsA = new PropagationBench.Limits(bare, nodeA.syncUri(),
          nodeA.syncUri().resolve("/health"));
      PropagationBench.Limits limitsB = new PropagationBench.Limits(bare, nodeB.syncUri(),
          nodeB.syncUri().resolve("/health"));
      Random random = new Random(1);
      double[] ours = new double[samples];
      double[] rawPush = new double[samples];
      double[] rawPull = new double[samples];
      List<double[]> steps = new ArrayList<>();
      int missed = 0;
      int pullsB = 0;
      for (int i = 0; i < warmup + samples; i++) {
        Map<Object, Object> value = new LinkedHashMap<>(SampleDocs.todo(i, random));
        value.put(SEQ, (long) i);
        Marks marks = new Marks(i);
        current = marks;
        long start = System.nanoTime();
        marks.start.set(start);
        atomA.put(DOC, Map.copyOf(value));
        marks.committed.set(System.nanoTime());
        require(marks.seen.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
            "B did not see sample " + i + " within " + TIMEOUT);
        awaitMark(marks.pushAnswered); // let A's round finish before the next sample
        if (marks.pullSentA.get() != 0) {
          awaitMark(marks.pullAnsweredA); // A pulled its own change back: let it finish
        }
        double pushMs = limitsA.push(value, i);
        double pullMs = limitsB.pull();
        if (i < warmup) {
          continue;
        }
        int k = i - warmup;
        ours[k] = ms(marks.watchB.get() - start);
        rawPush[k] = pushMs;
        rawPull[k] = pullMs;
        if (marks.pullSentB.get() != 0) {
          pullsB++;
        }
        long[] m = marks.path();
        if (Arrays.stream(m).anyMatch(t -> t == 0)) {
          missed++;
          continue;
        }
        double[] step = new double[STEPS.length];
        for (int s = 0; s < STEPS.length; s++) {
          step[s] = ms(m[s + 1] - m[s]);
        }
        steps.add(step);
      }
      return new Round(ours, rawPush, rawPull, steps.toArray(double[][]::new), missed, pullsB);
    } finally {
      httpA.shutdownNow();
      httpB.shutdownNow();
      bare.shutdownNow();
      SwapBenchmark.deleteTree(dir);
    }
  }

  private TimedHttpClient.Probe probeA() {
    return new TimedHttpClient.Probe() {
      @Override
      public void pushSent(long nanos) {
        current.pushSent.compareAndSet(0, nanos);
      }

      @Override
      public void pushAnswered(long nanos) {
        current.pushAnswered.compareAndSet(0, nanos);
      }

      @Override
      public void pullSent(long nanos) {
        current.pullSentA.compareAndSet(0, nanos);
      }

      @Override
      public void pullAnswered(long nanos) {
        current.pullAnsweredA.compareAndSet(0, nanos);
      }

      @Override
      public void eventArrived(long nanos) {}
    };
  }

  private TimedHttpClient.Probe probeB() {
    return new TimedHttpClient.Probe() {
      @Override
      public void pushSent(long nanos) {}

      @Override
      public void pushAnswered(long nanos) {}

      @Override
      public void pullSent(long nanos) {
        current.pullSentB.compareAndSet(0, nanos);
      }

      @Override
      public void pullAnswered(long nanos) {
        current.pullAnsweredB.compareAndSet(0, nanos);
      }

      @Override
      public void eventArrived(long nanos) {
        current.eventAtB.compareAndSet(0, nanos);
      }
    };
  }
}
