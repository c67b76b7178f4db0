package dev.atomsync.it.testing;

import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Speaks the wire protocol to a server directly, over {@code java.net.http} and Transit JSON: to
 * seed a server and to check what it holds, independently of the client under test. A non-200
 * answer fails the test with the server's error body.
 *
 * <p>Every call uses a connection of its own and closes it, so no idle keep-alive connection makes
 * the server's graceful stop wait.
 */
public final class WireClient {
  private static final Codec CODEC = Codec.standard();
  private static final WireFormat FORMAT = WireFormat.JSON;

  private final URI root;
  private final @Nullable String token;
  private final String clientId = "wire-" + UUID.randomUUID();

  WireClient(URI root, @Nullable String token) {
    this.root = root;
    this.token = token;
  }

  /** Returns a client without a token for the server whose root is {@code root}. */
  public static WireClient at(URI root) {
    return new WireClient(root, null);
  }

  /** GETs {@code /health} and returns the response, whatever its status. */
  public HttpResponse<String> health() {
    return send(request("/health").GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Pulls one page of {@code group} after {@code since}. */
  public PullResponse pull(String group, long since) {
    HttpResponse<byte[]> response =
        send(request("/sync?group=" + group + "&since=" + since).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return PullResponse.fromTransit(decode(response, "pull of " + group));
  }

  /** Pulls every page of {@code group} from 0 and returns each document's latest state by id. */
  public Map<String, Doc> pullAll(String group) {
    Map<String, Doc> docs = new LinkedHashMap<>();
    long since = 0;
    while (true) {
      PullResponse page = pull(group, since);
      page.docs().forEach(doc -> docs.put(doc.id(), doc));
      since = page.cursor();
      if (!page.more()) {
        return docs;
      }
    }
  }

  /** Returns the values of the live (not deleted) documents of {@code group} by id. */
  public Map<String, Object> values(String group) {
    Map<String, Object> values = new LinkedHashMap<>();
    pullAll(group).forEach((id, doc) -> {
      if (!doc.deleted()) {
        values.put(id, doc.value());
      }
    });
    return values;
  }

  /** Pushes {@code changes} to {@code group} in one request. */
  public PushResponse push(String group, Change... changes) {
    return push(group, List.of(changes));
  }

  /** Pushes {@code changes} to {@code group} in one request. */
  public PushResponse push(String group, List<Change> changes) {
    byte[] body = CODEC.encode(new PushRequest(group, clientId, changes).toTransit(), FORMAT);
    HttpRequest request =
        request("/sync")
            .header("Content-Type", FORMAT.mediaType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    return PushResponse.fromTransit(decode(response, "push to " + group));
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(root.resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", FORMAT.mediaType());
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static Object decode(HttpResponse<byte[]> response, String what) {
    if (response.statusCode() != 200) {
      throw new AssertionError(what + " answered HTTP " + response.statusCode() + ": "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
    return CODEC.decode(response.body(), FORMAT);
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try (HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build()) {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + request.uri(), e);
    }
  }
}
