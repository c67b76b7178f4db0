package dev.atomsync.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.PulledPage;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.ErrorResponse;
import dev.atomsync.core.ProtocolException;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Speaks the sync protocol (PROTOCOL.md) with one server over {@code java.net.http}: pulls,
 * pushes and the live-events request. Transit JSON on the wire, the form the local store keeps
 * values in: pushes copy stored values in as they are ({@link PushBodyWriter}), and pulls keep each
 * value as it came ({@link PullBodyReader}). Thread-safe; blocking calls.
 */
final class HttpTransport implements SyncTransport {
  /** Pulled values are kept as they came ({@link PullBodyReader}), which Transit JSON allows. */
  private static final WireFormat WIRE = WireFormat.JSON;

  private final HttpClient http;
  private final URI server;
  private final @Nullable String token;
  private final Codec codec;
  private final Supplier<Backoff> reconnectBackoff;
  private final Duration requestTimeout;

  HttpTransport(HttpClient http, URI server, @Nullable String token, Codec codec,
      Supplier<Backoff> reconnectBackoff, Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
    this.http = http;
    this.server = server;
    this.token = token;
    this.codec = codec;
    this.reconnectBackoff = reconnectBackoff;
  }

  /**
   * Returns one page of changes of {@code group} after {@code since}.
   *
   * @throws SyncException when the server cannot be reached, refuses, or answers nonsense
   */
  @Override
  public PullResponse pull(String group, long since, long horizon, int limit) {
    return decodePull(group, fetchPull(group, since, horizon, limit), codec);
  }

  /**
   * Returns one page as {@link #pull} does, each value also kept as the bytes it came in when the
   * answer is of the kind {@link PullBodyReader} reads, as the AtomSync server's are.
   */
  @Override
  public PulledPage pullStored(String group, long since, long horizon, int limit, Codec stored) {
    byte[] body = fetchPull(group, since, horizon, limit);
    PulledPage page = PullBodyReader.read(body, stored);
    return page != null ? page : PulledPage.encoding(decodePull(group, body, stored), stored);
  }

  private byte[] fetchPull(String group, long since, long horizon, int limit) {
    URI uri = URI.create(server + "?group=" + encode(group) + "&since=" + since + "&limit=" + limit
        + "&horizon=" + horizon);
    return send(request(uri).GET().build(), "pull of \"" + group + "\"");
  }

  private static PullResponse decodePull(String group, byte[] body, Codec values) {
    try {
      return PullResponse.fromTransit(values.decode(body, WIRE));
    } catch (CodecException | ProtocolException e) {
      throw new SyncException("pull of \"" + group + "\" got an unreadable answer: "
          + e.getMessage(), 200, e);
    }
  }

  /**
   * Sends one push and returns the server's results.
   *
   * @throws SyncException when the server cannot be reached, refuses, or answers nonsense
   */
  @Override
  public PushResponse push(PushRequest push) {
    return push(codec.encode(push.toTransit(), WIRE), WIRE, push.group(), push.changes().size());
  }

  /**
   * Sends one push of stored entries as Transit JSON with their values copied in as they are
   * ({@link PushBodyWriter}), or as {@link #push(PushRequest)} when one cannot be.
   */
  @Override
  public PushResponse push(String group, String client, List<OutboxEntry> entries, Codec stored) {
    byte[] body = PushBodyWriter.write(group, client, entries);
    return body == null
        ? SyncTransport.super.push(group, client, entries, stored)
        : push(body, WireFormat.JSON, group, entries.size());
  }

  private PushResponse push(byte[] body, WireFormat format, String group, int changes) {
    HttpRequest request = request(server)
        .header("Content-Type", format.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    String what = "push of " + changes + " changes to \"" + group + "\"";
    byte[] answer = send(request, what);
    try {
      return PushResponse.fromTransit(codec.decode(answer, WIRE));
    } catch (CodecException | ProtocolException e) {
      throw new SyncException(what + " got an unreadable answer: " + e.getMessage(), 200, e);
    }
  }

  /** Keeps the live-events stream of {@code group} open on a thread of its own. */
  @Override
  public Registration subscribe(String group, EventListener listener) {
    LiveEventsClient events = new LiveEventsClient(this, group, reconnectBackoff.get(), listener);
    events.start();
    return events::close;
  }

  /** Returns the codec that decodes what the server sends, live events included. */
  Codec codec() {
    return codec;
  }

  /**
   * Opens the live-events stream of {@code group} and returns its body once the server answered
   * 200; the caller reads it and closes it to hang up.
   *
   * @throws SyncException when the server cannot be reached or refuses
   */
  InputStream events(String group) {
    URI uri = URI.create(server + "/events?group=" + encode(group));
    HttpRequest request = authorized(HttpRequest.newBuilder(uri))
        .header("Accept", "text/event-stream")
        .GET()
        .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable("live events of \"" + group + "\"", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException("interrupted", 0, e);
    }
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        throw refused("live events of \"" + group + "\"", response.statusCode(),
            body.readNBytes(64 * 1024));
      } catch (IOException e) {
        throw refused("live events of \"" + group + "\"", response.statusCode(), new byte[0]);
      }
    }
    return response.body();
  }

  private HttpRequest.Builder request(URI uri) {
    return authorized(HttpRequest.newBuilder(uri))
        .timeout(requestTimeout)
        .header("Accept", WIRE.mediaType());
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  private byte[] send(HttpRequest request, String what) {
    HttpResponse<byte[]> response;
    try {
      response = sendRetryingStaleConnection(request);
    } catch (IOException e) {
      throw unreachable(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException(what + " was interrupted", 0, e);
    }
    if (response.statusCode() != 200) {
      throw refused(what, response.statusCode(), response.body());
    }
    return response.body();
  }

  /**
   * Sends {@code request}, once more at once when the first attempt broke on a pooled connection
   * the server had closed meanwhile (a restart, an idle timeout): both pulls and pushes are safe to
   * repeat, and failing the round for it would cost a backoff. A refused connection or a timeout
   * is not retried here: the server is really away.
   */
  private HttpResponse<byte[]> sendRetryingStaleConnection(HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpTimeoutException e) {
      throw e;
    } catch (IOException stale) {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private SyncException unreachable(String what, IOException e) {
    return new SyncException(what + ": cannot reach " + server + " (" + e + ")", 0, e);
  }

  private SyncException refused(String what, int status, byte[] body) {
    String detail;
    try {
      ErrorResponse error = ErrorResponse.fromTransit(codec.decode(body, WIRE));
      detail = error.error() + ": " + error.message();
    } catch (RuntimeException notTransit) {
      detail = new String(body, 0, Math.min(body.length, 200), UTF_8);
    }
    return new SyncException(what + ": server answered " + status + " (" + detail + ")", status,
        null);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, UTF_8);
  }

  @Override
  public String toString() {
    return "HttpTransport[" + server + "]";
  }
}
