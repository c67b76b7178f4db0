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
import java.util.concurrent.TimeUnit;

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

  private volatile SampleMarks current = new SampleMarks(-1);

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
            (group, cursor) -> current.published.compareAndSet(0, System.nanoTime()));
        LiveEvents.Subscription onB = nodeB.service().events().subscribe(GROUP,
            (group, cursor) -> current.publishedB.compareAndSet(0, System.nanoTime()));
        AtomSync a = AtomSync.open(dir.resolve("a.db"));
        AtomSync b = AtomSync.open(dir.resolve("b.db"))) {
      Duration pull = Duration.ofSeconds(60);
      SyncedAtom atomA = a.atom(GROUP, SyncOptions.server(nodeA.syncUri()).pullInterval(pull)
          .httpClient(new TimedHttpClient(httpA, SampleMarks.probeA(() -> current))));
      SyncedAtom atomB = b.atom(GROUP, SyncOptions.server(nodeB.syncUri()).pullInterval(pull)
          .httpClient(new TimedHttpClient(httpB, SampleMarks.probeB(() -> current))));
      require(atomA.ready().get(10, TimeUnit.SECONDS) == Readiness.SYNCED, "A not synced");
      require(atomB.ready().get(10, TimeUnit.SECONDS) == Readiness.SYNCED, "B not synced");
      atomB.addWatch("propagation", (key, atom, old, now) -> {
        long t = System.nanoTime();
        SampleMarks marks = current;
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
        SampleMarks marks = new SampleMarks(i);
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
        long[] m = path(marks);
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

  /** Returns the marks of the path from A's swap to B's watch, in the order of {@link #STEPS}. */
  private static long[] path(SampleMarks marks) {
    return new long[] {
      marks.start.get(), marks.committed.get(), marks.pushSent.get(), marks.published.get(),
      marks.publishedB.get(), marks.eventAtB.get(), marks.watchB.get()
    };
  }
}
