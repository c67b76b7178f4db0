package dev.atomsync.bench;

import static dev.atomsync.bench.Measures.loadAverage;
import static dev.atomsync.bench.Measures.ms;
import static dev.atomsync.bench.Measures.pct;

import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Scenario D, server capacity: N live-events clients of one group connected to one server node
 * (its own JVM, {@code -Xmx1g}), the server's heap after a full GC and its resident memory with
 * them connected, and how long one write (a push to the group) takes to reach all of them.
 *
 * <p>The clients are {@link SseClients}: one selector thread in this JVM. A write's fan-out time
 * runs from just before the push is sent until the last client read its {@code event: change};
 * each N gets several writes and reports their median.
 *
 * <pre>{@code ./atomsync bench live-clients [1000,5000,10000] [writes=5]}</pre>
 *
 * <p>To profile the server, pass it flags: {@code
 * -Datomsync.bench.server.flags=-XX:StartFlightRecording=filename=server.jfr,settings=profile}.
 */
final class LiveClientsBench {
  private static final String GROUP = "fanout";
  /** The server's heap limit, plus any flags given in {@code -Datomsync.bench.server.flags}. */
  private static final List<String> SERVER_FLAGS = serverFlags();
  private static final Codec CODEC = Codec.standard();
  private static final String CLIENT = "live-clients-bench";

  private LiveClientsBench() {}

  /**
   * One N's figures: server heap after GC and RSS with the clients connected, and the medians
   * over the writes of the time until all clients saw a write and of each write's p50 and p99
   * over clients, in milliseconds.
   */
  record LiveFanout(int clients, long heapBytes, long rssBytes, double allMs, double p50Ms,
      double p99Ms, double maxAllMs, double[] allPerWrite) {}

  private static List<String> serverFlags() {
    List<String> flags = new ArrayList<>(List.of("-Xmx1g"));
    String extra = System.getProperty("atomsync.bench.server.flags", "").trim();
    if (!extra.isEmpty()) {
      // For profiling, e.g. -XX:StartFlightRecording=filename=server.jfr,settings=profile
      flags.addAll(List.of(extra.split("\\s+")));
    }
    return List.copyOf(flags);
  }

  /** Starts a server process, connects {@code clients} streams, and times {@code writes} writes. */
  static LiveFanout measure(int clients, int writes) throws IOException, InterruptedException {
    try (ServerJvm server = ServerJvm.start(SERVER_FLAGS);
        HttpClient http = HttpClient.newHttpClient();
        SseClients streams = SseClients.open(server.port(), GROUP, clients)) {
      streams.awaitConnected(5, TimeUnit.MINUTES);
      URI sync = URI.create("http://127.0.0.1:" + server.port() + "/sync");
      streams.arm();
      push(http, sync, "warmup", 0); // the first push pays for class loading; not measured
      streams.awaitAllSeen(1, TimeUnit.MINUTES);
      long heap = server.heapAfterGc();
      long rss = server.rss();
      double[] all = new double[writes];
      double[] p50 = new double[writes];
      double[] p99 = new double[writes];
      for (int w = 0; w < writes; w++) {
        Thread.sleep(200); // let the server settle after the previous write
        streams.arm();
        long start = System.nanoTime();
        push(http, sync, "w" + w, w + 1);
        long[] seen = streams.awaitAllSeen(1, TimeUnit.MINUTES);
        double[] delays = new double[seen.length];
        for (int i = 0; i < seen.length; i++) {
          delays[i] = ms(seen[i] - start);
        }
        all[w] = Arrays.stream(delays).max().orElseThrow();
        p50[w] = pct(delays, 50);
        p99[w] = pct(delays, 99);
      }
      rss = Math.max(rss, server.rss());
      if (!server.alive()) {
        throw new IllegalStateException("server died:\n" + server.logTail());
      }
      return new LiveFanout(clients, heap, rss, Stats.of(all).median(), Stats.of(p50).median(),
          Stats.of(p99).median(), Stats.of(all).max(), all);
    }
  }

  /** Pushes one small document to the group, as its {@code n}th write. */
  private static void push(HttpClient http, URI sync, String id, int n)
      throws IOException, InterruptedException {
    PushRequest push = new PushRequest(GROUP, CLIENT,
        List.of(Change.put(GROUP + ":" + id, SampleDocs.todo(n, new Random(n)), 0)));
    byte[] body = CODEC.encode(push.toTransit(), WireFormat.JSON);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(sync)
        .header("Content-Type", WireFormat.JSON.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("push answered " + response.statusCode() + ": "
          + response.body());
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String n : (args.length > 0 ? args[0] : "1000,5000,10000").split(",")) {
      counts.add(Integer.parseInt(n.trim()));
    }
    int writes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf("live clients: one server process (-Xmx1g, SQLite), N streams of one group"
        + " from one selector thread, %d writes per N; load average %s%n", writes, loadAverage());
    System.out.printf("%8s %12s %12s %14s %14s %14s %14s%n", "clients", "heap MiB", "RSS MiB",
        "all saw (ms)", "p50 (ms)", "p99 (ms)", "worst all (ms)");
    for (int clients : counts) {
      LiveFanout f = measure(clients, writes);
      System.out.printf("%,8d %12.1f %12.1f %14.1f %14.1f %14.1f %14.1f%n", f.clients(),
          f.heapBytes() / 1048576.0, f.rssBytes() / 1048576.0, f.allMs(), f.p50Ms(), f.p99Ms(),
          f.maxAllMs());
    }
    System.out.println("target: 10,000 clients within a 1 GiB heap; all saw a write in < 1000 ms."
        + " 'all saw' is the median over writes; 'worst all' the slowest write.");
  }
}
