package dev.atomsync.bench;

import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.PushResult;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Pushes documents to a server in batches, then pulls them all, over real HTTP on loopback. */
final class SyncThroughput {
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI sync;
  private final WireFormat format;
  private final Codec codec = Codec.standard();
  private final AtomicLong codecNanos = new AtomicLong();

  SyncThroughput(URI sync, WireFormat format) {
    this.sync = sync;
    this.format = format;
  }

  /**
   * Returns the time the Java-client legs so far spent in the client's codec (encoding pushes,
   * decoding responses), summed over threads, in seconds; and resets it.
   */
  double takeCodecSeconds() {
    return codecNanos.getAndSet(0) / 1e9;
  }

  /**
   * Pushes {@code values} as new documents, {@code batch} per request, over {@code connections}
   * concurrent connections (each encodes, sends and decodes its own requests, as concurrent
   * clients would); returns docs per second.
   */
  double push(String group, List<Map<Object, Object>> values, int batch, int connections)
      throws IOException, InterruptedException {
    int requests = (values.size() + batch - 1) / batch;
    long start = System.nanoTime();
    onConnections(connections, requests, (request, worker) -> {
      long encodeStart = System.nanoTime();
      byte[] body = pushBody(group, values, request * batch, batch);
      codecNanos.addAndGet(System.nanoTime() - encodeStart);
      HttpResponse<byte[]> response = send(body);
      long decodeStart = System.nanoTime();
      PushResponse pushed = PushResponse.fromTransit(codec.decode(response.body(), format));
      codecNanos.addAndGet(System.nanoTime() - decodeStart);
      for (PushResult result : pushed.results()) {
        if (!(result instanceof PushResult.Ok)) {
          throw new IllegalStateException("push conflicted: " + result);
        }
      }
    });
    return values.size() / RawSqlite.seconds(start);
  }

  /** Returns the push bodies {@link #push} would send, encoded ahead of time. */
  List<byte[]> encodePushes(String group, List<Map<Object, Object>> values, int batch) {
    List<byte[]> bodies = new ArrayList<>();
    for (int from = 0; from < values.size(); from += batch) {
      bodies.add(pushBody(group, values, from, batch));
    }
    return bodies;
  }

  /** Encodes the push of new documents {@code from} .. {@code from + batch - 1}. */
  private byte[] pushBody(String group, List<Map<Object, Object>> values, int from, int batch) {
    List<Change> changes = new ArrayList<>(batch);
    for (int i = from; i < Math.min(values.size(), from + batch); i++) {
      changes.add(Change.put(group + ":" + i, values.get(i), 0));
    }
    return codec.encode(new PushRequest(group, "bench", changes).toTransit(), format);
  }

  /** POSTs one push body and returns the response, which must be 200. */
  private HttpResponse<byte[]> send(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(sync)
            .header("Content-Type", format.mediaType())
            .header("Accept", format.mediaType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("push answered " + response.statusCode());
    }
    return response;
  }

  /**
   * Sends pre-encoded push bodies over {@code connections} concurrent connections and only checks
   * the status, so the figure is the server's (HTTP, push reading, store) without the client's
   * codec; returns docs per second.
   */
  double pushEncoded(List<byte[]> bodies, int docs, int connections)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    onConnections(connections, bodies.size(), (request, worker) -> send(bodies.get(request)));
    return docs / RawSqlite.seconds(start);
  }

  /** As {@link #pushEncoded}, each connection a {@link LeanHttp} socket. */
  double pushEncodedLean(List<byte[]> bodies, int docs, int connections)
      throws IOException, InterruptedException {
    List<LeanHttp> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        sockets.add(new LeanHttp(sync));
      }
      long start = System.nanoTime();
      onConnections(connections, bodies.size(), (request, worker) ->
          sockets.get(worker).post(sync.getRawPath(), format.mediaType(), bodies.get(request)));
      return docs / RawSqlite.seconds(start);
    } finally {
      for (LeanHttp socket : sockets) {
        socket.close();
      }
    }
  }

  /** One request of a push leg, by its index. */
  @FunctionalInterface
  private interface Request {
    void run(int index, int worker) throws IOException, InterruptedException;
  }

  /**
   * Runs requests 0 .. {@code count - 1}, each once, on {@code connections} threads that take the
   * next index as they finish one; the HTTP client opens one connection per request in flight.
   */
  private static void onConnections(int connections, int count, Request request)
      throws IOException, InterruptedException {
    if (connections == 1) {
      for (int i = 0; i < count; i++) {
        request.run(i, 0);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService threads = Executors.newFixedThreadPool(connections)) {
      List<Future<Void>> workers = new ArrayList<>();
      for (int t = 0; t < connections; t++) {
        int worker = t;
        workers.add(threads.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            request.run(i, worker);
          }
          return null;
        }));
      }
      for (Future<Void> worker : workers) {
        try {
          worker.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IllegalStateException("a push request failed", e.getCause());
        }
      }
    }
  }

  /**
   * Pulls a group whose seqs are 1..docs (a fresh server) in pages of {@code limit} with the
   * cursors known ahead, keeping the bodies as bytes; they are decoded and checked only after the
   * clock stopped. The figure is the server's (HTTP, store scan, response writing).
   */
  double pullBytes(String group, int docs, int limit) throws IOException, InterruptedException {
    List<byte[]> bodies = new ArrayList<>();
    long start = System.nanoTime();
    for (long since = 0; since < docs; since += limit) {
      URI uri = URI.create(sync + "?group=" + group + "&since=" + since + "&limit=" + limit);
      HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", format.mediaType()).build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("pull answered " + response.statusCode());
      }
      bodies.add(response.body());
    }
    double perSecond = docs / RawSqlite.seconds(start);
    checkPulled(bodies, docs);
    return perSecond;
  }

  /** As {@link #pullBytes}, over one {@link LeanHttp} socket. */
  double pullBytesLean(String group, int docs, int limit) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    try (LeanHttp socket = new LeanHttp(sync)) {
      long start = System.nanoTime();
      for (long since = 0; since < docs; since += limit) {
        bodies.add(socket.get(sync.getRawPath() + "?group=" + group + "&since=" + since
            + "&limit=" + limit, format.mediaType()));
      }
      double perSecond = docs / RawSqlite.seconds(start);
      checkPulled(bodies, docs);
      return perSecond;
    }
  }

  private void checkPulled(List<byte[]> bodies, int docs) {
    int pulled = 0;
    for (byte[] body : bodies) {
      pulled += PullResponse.fromTransit(codec.decode(body, format)).docs().size();
    }
    if (pulled != docs) {
      throw new IllegalStateException("pulled " + pulled + " docs, expected " + docs);
    }
  }

  /** Pulls the whole group from 0 in pages of {@code limit}; returns docs per second. */
  double pullAll(String group, int expected, int limit) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long cursor = 0;
    long horizon = 0;
    int docs = 0;
    boolean more = true;
    while (more) {
      URI uri =
          URI.create(
              sync + "?group=" + group + "&since=" + cursor + "&limit=" + limit
                  + "&horizon=" + horizon);
      HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", format.mediaType()).build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("pull answered " + response.statusCode());
      }
      long decodeStart = System.nanoTime();
      PullResponse page = PullResponse.fromTransit(codec.decode(response.body(), format));
      codecNanos.addAndGet(System.nanoTime() - decodeStart);
      docs += page.docs().size();
      cursor = page.cursor();
      horizon = page.horizon();
      more = page.more();
    }
    double perSecond = docs / RawSqlite.seconds(start);
    if (docs != expected) {
      throw new IllegalStateException("pulled " + docs + " docs, expected " + expected);
    }
    return perSecond;
  }
}
