package dev.atomsync.server.testing;

import static dev.atomsync.server.testing.Wire.field;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A test client that speaks Transit over {@code java.net.http} to a server on loopback. */
public final class TransitHttp implements AutoCloseable {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final Codec codec;
  private String syncPath = "/sync";
  private @Nullable String token;
  private WireFormat bodyFormat = WireFormat.JSON;
  private WireFormat acceptFormat = WireFormat.JSON;

  /** Returns a client for the server whose root is {@code base}, e.g. {@code http://127.0.0.1:P}. */
  public TransitHttp(URI base) {
    this(base, Codec.standard());
  }

  public TransitHttp(URI base, Codec codec) {
    this.base = base;
    this.codec = codec;
  }

  /** Sends {@code Authorization: Bearer token} from now on (null: no header). */
  public TransitHttp token(@Nullable String token) {
    this.token = token;
    return this;
  }

  /** Encodes request bodies and asks for responses in {@code format} from now on. */
  public TransitHttp format(WireFormat format) {
    this.bodyFormat = format;
    this.acceptFormat = format;
    return this;
  }

  /** Asks for responses in {@code format} from now on, whatever the request bodies use. */
  public TransitHttp accept(WireFormat format) {
    this.acceptFormat = format;
    return this;
  }

  /** Uses {@code path} (default {@code /sync}) for {@link #pull} and {@link #push}. */
  public TransitHttp syncPath(String path) {
    this.syncPath = path;
    return this;
  }

  /** Returns the codec this client encodes and decodes with. */
  public Codec codec() {
    return codec;
  }

  /** A response: status, headers and the decoded Transit body (null when there is none). */
  public record Reply(int status, HttpResponse<byte[]> raw, @Nullable Object body) {
    public @Nullable String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** Returns the body as a Transit map. */
    @SuppressWarnings("unchecked")
    public Map<Object, Object> map() {
      if (!(body instanceof Map<?, ?> map)) {
        throw new AssertionError("expected a Transit map body, got " + this);
      }
      return (Map<Object, Object>) map;
    }

    /** Returns the value of {@code :key} in the body map. */
    public @Nullable Object get(String key) {
      return field(map(), key);
    }

    /** Returns the raw body as UTF-8 text. */
    public String text() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + header("Content-Type") + " " + (body != null ? body : text());
    }
  }

  /** GETs {@code pathAndQuery}, e.g. {@code /sync?group=todo&since=0}. */
  public Reply get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  /** POSTs {@code message} encoded in the current format to {@code path}. */
  public Reply post(String path, Object message) {
    return postBytes(path, codec.encode(message, bodyFormat), bodyFormat.mediaType());
  }

  /** POSTs raw bytes with the given content type (null: none). */
  public Reply postBytes(String path, byte[] body, @Nullable String contentType) {
    HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder);
  }

  /** Sends a request of any method with no body. */
  public Reply method(String method, String path) {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** Pulls {@code group}; {@code query} is appended as is, e.g. {@code "since=3&limit=2"}. */
  public Reply pull(String group, String query) {
    return get(syncPath + "?group=" + group + (query.isEmpty() ? "" : "&" + query));
  }

  /** Pulls {@code group} from the beginning with the default limit. */
  public Reply pull(String group) {
    return pull(group, "");
  }

  /** Pushes {@code changes} (see {@link Wire#put} and {@link Wire#delete}) to {@code group}. */
  @SafeVarargs
  public final Reply push(String group, Map<Object, Object>... changes) {
    return push(group, List.of(changes));
  }

  /** Pushes {@code changes} to {@code group}. */
  public Reply push(String group, List<Map<Object, Object>> changes) {
    return post(syncPath, Wire.push(group, changes));
  }

  /**
   * Pushes {@code changes} and returns the single result map of a successful push.
   *
   * @throws AssertionError when the push is not a 200 with one result
   */
  public Map<?, ?> pushOne(String group, Map<Object, Object> change) {
    Reply reply = push(group, change);
    if (reply.status() != 200) {
      throw new AssertionError("push failed: " + reply);
    }
    List<?> results = (List<?>) reply.get("results");
    if (results.size() != 1) {
      throw new AssertionError("expected one result: " + reply);
    }
    return (Map<?, ?>) results.get(0);
  }

  /**
   * Pulls every page of {@code group} from 0 and returns each document's latest state by id.
   *
   * @throws AssertionError when a page is not a 200
   */
  public Map<String, Map<?, ?>> pullAll(String group) {
    Map<String, Map<?, ?>> docs = new LinkedHashMap<>();
    long since = 0;
    for (int page = 0; page < 10_000; page++) {
      Reply reply = pull(group, "since=" + since);
      if (reply.status() != 200) {
        throw new AssertionError("pull failed: " + reply);
      }
      for (Object doc : (List<?>) reply.get("docs")) {
        docs.put((String) field(doc, "id"), (Map<?, ?>) doc);
      }
      since = (Long) reply.get("cursor");
      if (!(Boolean) reply.get("more")) {
        return docs;
      }
    }
    throw new AssertionError("pull of " + group + " never finished");
  }

  /** Returns a request builder for {@code path} with the current auth and Accept headers. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", acceptFormat.mediaType());
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /** Sends {@code builder}'s request and decodes the body by its Content-Type. */
  public Reply send(HttpRequest.Builder builder) {
    try {
      HttpResponse<byte[]> response =
          http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response, decode(response));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private @Nullable Object decode(HttpResponse<byte[]> response) {
    WireFormat format =
        WireFormat.ofContentType(response.headers().firstValue("Content-Type").orElse(null));
    return format == null || response.body().length == 0
        ? null
        : codec.decode(response.body(), format);
  }

  /** Returns the underlying client, for streaming requests such as live events. */
  public HttpClient client() {
    return http;
  }

  /** Drops every connection, ending requests and streams in progress. */
  @Override
  public void close() {
    http.shutdownNow();
  }

  /** Returns {@code items} as a mutable list, handy for building Transit vectors. */
  @SafeVarargs
  public static <T> List<T> vec(T... items) {
    return new ArrayList<>(List.of(items));
  }
}
