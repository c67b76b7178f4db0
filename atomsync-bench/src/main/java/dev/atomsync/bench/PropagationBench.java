package dev.atomsync.bench;

import static dev.atomsync.bench.Measures.awaitMark;
import static dev.atomsync.bench.Measures.loadAverage;
import static dev.atomsync.bench.Measures.ms;
import static dev.atomsync.bench.Measures.pct;
import static dev.atomsync.bench.Measures.require;
import static dev.atomsync.core.Transit.kw;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.LiveEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Propagation of one change from {@code swap} on client A to the watch firing on client B, through
 * a real server on 127.0.0.1 with live events (the pull interval is 60 s, so only the event stream
 * tells B: it applies the changes the event carries, or pulls when it cannot). One sample at a time: A puts a document carrying a sequence number, B's watch
 * notes {@link System#nanoTime()} when it sees that number.
 *
 * <p>Beside it, in the same run and after each sample, the limit: bare {@code java.net.http}
 * round trips to the same server of a {@code GET /health}, a raw pull of the one document
 * (bytes only, not decoded) and a raw push of the same payload (the server commits it with
 * {@code synchronous=FULL}); a propagation needs at least a push and the event.
 *
 * <p>The clients' HTTP goes through {@link TimedHttpClient} and the server's {@link LiveEvents}
 * has one more listener, so each sample also yields the time of every step along the path.
 *
 * <pre>{@code ./atomsync bench propagation [samples=1000] [rounds=3] [warmup=200]}</pre>
 */
public final class PropagationBench {
  private static final String GROUP = "bench";
  private static final String DOC = "bench:p";
  private static final Object SEQ = kw("seq");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** The sample being measured; the probes and listeners mark it. */
  private static volatile SampleMarks current = new SampleMarks(-1);

  private PropagationBench() {}

  public static void main(String[] args) throws Exception {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    System.out.printf("propagation A swap -> B watch: %d rounds of %d samples after %d warm-up,"
            + " %s UTC, JDK %s, load %s%n", rounds, samples, warmup,
        ZonedDateTime.now(ZoneOffset.UTC).withNano(0).toLocalDateTime(),
        Runtime.version(), loadAverage());
    List<Round> results = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      Round round = runRound(samples, warmup);
      results.add(round);
      System.out.printf("%nround %d (load %s)%n", r, loadAverage());
      round.print();
    }
    summary(results);
  }

  record Round(double[] ours, double[] health, double[] rawPull, double[] rawPush,
      Map<String, double[]> steps, int missed, int pullsB, int pullsA) {
    void print() {
      row("A swap -> B watch (ours)", ours);
      row("GET /health round trip", health);
      row("raw pull of the doc, round trip", rawPull);
      row("raw push of the doc, round trip", rawPush);
      double[] floor = new double[rawPush.length];
      for (int i = 0; i < floor.length; i++) {
        floor[i] = rawPush[i] + rawPull[i];
      }
      row("raw push + raw pull (same sample)", floor);
      System.out.printf("  ratio p50 ours / health %.1fx, ours / (push + pull) %.1fx%n",
          pct(ours, 50) / pct(health, 50), pct(ours, 50) / pct(floor, 50));
      System.out.printf("  steps along the path, ms (p50 / p95 / p99; %d samples missed a mark):%n",
          missed);
      steps.forEach((name, values) -> row("  " + name, values));
      System.out.printf("  B pulled in %d of %d samples (else it applied the event's changes),"
          + " A pulled in %d%n", pullsB, ours.length, pullsA);
    }
  }

  private static void row(String name, double[] ms) {
    System.out.printf("  %-50s p50 %7.3f  p95 %7.3f  p99 %7.3f  max %7.3f ms%n", name,
        pct(ms, 50), pct(ms, 95), pct(ms, 99), pct(ms, 100));
  }

  static Round runRound(int samples, int warmup) throws Exception {
    Path dir = Files.createTempDirectory("atomsync-propagation");
    HttpClient httpA = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient httpB = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (AtomSyncServer server = LoopbackServer.onSqlite(dir.resolve("server.db"));
        LiveEvents.Subscription published = server.service().events().subscribe(GROUP,
            (group, cursor) -> current.published.compareAndSet(0, System.nanoTime()));
        AtomSync a = AtomSync.open(dir.resolve("a.db"));
        AtomSync b = AtomSync.open(dir.resolve("b.db"))) {
      URI sync = server.syncUri();
      SyncOptions options = SyncOptions.server(sync).pullInterval(Duration.ofSeconds(60));
      SyncedAtom atomA = a.atom(GROUP,
          options.httpClient(new TimedHttpClient(httpA, SampleMarks.probeA(() -> current))));
      SyncedAtom atomB = b.atom(GROUP,
          options.httpClient(new TimedHttpClient(httpB, SampleMarks.probeB(() -> current))));
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

      Limits limits = new Limits(bare, sync, sync.resolve("/health"));
      Random random = new Random(1);
      int total = warmup + samples;
      double[] ours = new double[samples];
      double[] health = new double[samples];
      double[] rawPull = new double[samples];
      double[] rawPush = new double[samples];
      String[] names = {
        "A swap, local commit", "A commit -> push sent",
        "push sent -> server published event", "server published -> event bytes at B",
        "event at B -> watch fired (event applied or pulled)",
        "(off path) server published -> A push answered"
      };
      List<double[]> steps = new ArrayList<>();
      int missed = 0;
      int pullsB = 0;
      int pullsA = 0;
      for (int i = 0; i < total; i++) {
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
          awaitMark(marks.pullAnsweredA); // A pulled (its own change, or a gap): let it finish
        }
        double healthMs = limits.health();
        double pullMs = limits.pull();
        double pushMs = limits.push(value, i);
        if (i < warmup) {
          continue;
        }
        int k = i - warmup;
        ours[k] = ms(marks.watchB.get() - start);
        health[k] = healthMs;
        rawPull[k] = pullMs;
        rawPush[k] = pushMs;
        if (marks.pullSentB.get() != 0) {
          pullsB++;
        }
        if (marks.pullSentA.get() != 0) {
          pullsA++;
        }
        long[] m = {
          marks.start.get(), marks.committed.get(), marks.pushSent.get(), marks.published.get(),
          marks.eventAtB.get(), marks.watchB.get()
        };
        if (Arrays.stream(m).anyMatch(t -> t == 0) || marks.pushAnswered.get() == 0) {
          missed++;
          continue;
        }
        double[] step = new double[names.length];
        for (int s = 0; s < m.length - 1; s++) {
          step[s] = ms(m[s + 1] - m[s]);
        }
        step[names.length - 1] = ms(marks.pushAnswered.get() - marks.published.get());
        steps.add(step);
      }
      Map<String, double[]> byStep = new LinkedHashMap<>();
      for (int s = 0; s < names.length; s++) {
        int index = s;
        byStep.put(names[s], steps.stream().mapToDouble(step -> step[index]).toArray());
      }
      return new Round(ours, health, rawPull, rawPush, byStep, missed, pullsB, pullsA);
    } finally {
      httpA.shutdownNow();
      httpB.shutdownNow();
      bare.shutdownNow();
      SwapBenchmark.deleteTree(dir);
    }
  }

  /** Bare round trips to the server, with the payload of the sample just measured. */
  record Limits(HttpClient http, URI sync, URI healthUri) {
    private static final Codec CODEC = Codec.standard();
    private static final String MSGPACK = WireFormat.MSGPACK.mediaType();
    private static final String CLIENT = UUID.randomUUID().toString();

    double health() throws IOException, InterruptedException {
      return roundTrip(HttpRequest.newBuilder(healthUri).GET().build());
    }

    double pull() throws IOException, InterruptedException {
      URI uri = URI.create(sync + "?group=" + GROUP + "&since=0&limit=2000&horizon=0");
      return roundTrip(HttpRequest.newBuilder(uri).header("Accept", MSGPACK).GET().build());
    }

    /** Pushes the value as a new document of another group, so that no client hears of it. */
    double push(Map<Object, Object> value, int i) throws IOException, InterruptedException {
      PushRequest push = new PushRequest("raw", CLIENT,
          List.of(Change.put("raw:" + i, Map.copyOf(value), 0)));
      byte[] body = CODEC.encode(push.toTransit(), WireFormat.MSGPACK);
      return roundTrip(HttpRequest.newBuilder(sync).header("Accept", MSGPACK)
          .header("Content-Type", MSGPACK).POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build());
    }

    private double roundTrip(HttpRequest request) throws IOException, InterruptedException {
      long start = System.nanoTime();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long end = System.nanoTime();
      require(response.statusCode() == 200,
          request.uri() + " answered " + response.statusCode() + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
      return ms(end - start);
    }
  }

  private static void summary(List<Round> rounds) {
    System.out.printf("%nacross %d rounds (median, min, max of each round's figure):%n",
        rounds.size());
    summaryRow("ours p50", rounds.stream().mapToDouble(r -> pct(r.ours(), 50)).toArray());
    summaryRow("ours p95", rounds.stream().mapToDouble(r -> pct(r.ours(), 95)).toArray());
    summaryRow("ours p99", rounds.stream().mapToDouble(r -> pct(r.ours(), 99)).toArray());
    summaryRow("health p50", rounds.stream().mapToDouble(r -> pct(r.health(), 50)).toArray());
    summaryRow("health p99", rounds.stream().mapToDouble(r -> pct(r.health(), 99)).toArray());
    summaryRow("raw pull p50", rounds.stream().mapToDouble(r -> pct(r.rawPull(), 50)).toArray());
    summaryRow("raw pull p99", rounds.stream().mapToDouble(r -> pct(r.rawPull(), 99)).toArray());
    summaryRow("raw push p50", rounds.stream().mapToDouble(r -> pct(r.rawPush(), 50)).toArray());
    summaryRow("raw push p99", rounds.stream().mapToDouble(r -> pct(r.rawPush(), 99)).toArray());
    summaryRow("ratio p50 ours / health",
        rounds.stream().mapToDouble(r -> pct(r.ours(), 50) / pct(r.health(), 50)).toArray());
    summaryRow("ratio p99 ours / health",
        rounds.stream().mapToDouble(r -> pct(r.ours(), 99) / pct(r.health(), 99)).toArray());
    summaryRow("ratio p50 ours / (push p50 + pull p50)", rounds.stream()
        .mapToDouble(r -> pct(r.ours(), 50) / (pct(r.rawPush(), 50) + pct(r.rawPull(), 50)))
        .toArray());
    System.out.printf("steps, p50 per round (median, min, max):%n");
    for (String step : rounds.get(0).steps().keySet()) {
      summaryRow("  " + step,
          rounds.stream().mapToDouble(r -> pct(r.steps().get(step), 50)).toArray());
    }
  }

  private static void summaryRow(String name, double[] values) {
    Stats s = Stats.of(values);
    System.out.printf("  %-50s %8.3f (min %.3f, max %.3f)%n", name, s.median(), s.min(), s.max());
  }
}
