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

/** Pushes documents to a server in batches, then pulls them all, over real HTTP on loopback. */
final class SyncThroughput {
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI sync;
  private final WireFormat format;
  private final Codec codec = Codec.standard();

  SyncThroughput(URI sync, WireFormat format) {
    this.sync = sync;
    this.format = format;
  }

  /** Pushes {@code values} as new documents, {@code batch} per request; returns docs per second. */
  double push(String group, List<Map<Object, Object>> values, int batch)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    for (int from = 0; from < values.size(); from += batch) {
      List<Change> changes = new ArrayList<>(batch);
      for (int i = from; i < Math.min(values.size(), from + batch); i++) {
        changes.add(Change.put(group + ":" + i, values.get(i), 0));
      }
      byte[] body = codec.encode(new PushRequest(group, "bench", changes).toTransit(), format);
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
      PushResponse pushed = PushResponse.fromTransit(codec.decode(response.body(), format));
      for (PushResult result : pushed.results()) {
        if (!(result instanceof PushResult.Ok)) {
          throw new IllegalStateException("push conflicted: " + result);
        }
      }
    }
    return values.size() / RawSqlite.seconds(start);
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
      PullResponse page = PullResponse.fromTransit(codec.decode(response.body(), format));
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
