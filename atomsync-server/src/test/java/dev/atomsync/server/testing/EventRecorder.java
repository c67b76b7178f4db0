package dev.atomsync.server.testing;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Reads a live-events stream ({@code GET .../events?group=G}) on a thread of its own and records
 * what arrives, so a test can wait for a particular event or comment. Waiting gives up after {@link
 * #PATIENCE}, which only bounds a failing test; no assertion depends on how long anything takes.
 */
public final class EventRecorder implements AutoCloseable {
  /** How long a wait lasts before the test fails. */
  public static final Duration PATIENCE = Duration.ofSeconds(15);

  /** Something the stream said: a comment line or an event. */
  public sealed interface Item {}

  /** A comment line ({@code : text}). */
  public record Comment(String text) implements Item {}

  /** An event: its name and its data, with the data decoded as Transit JSON. */
  public record Event(String name, String data) implements Item {
    /** Returns the data decoded as Transit JSON. */
    @SuppressWarnings("unchecked")
    public Map<Object, Object> transit() {
      return (Map<Object, Object>)
          Codec.standard().decode(data.getBytes(StandardCharsets.UTF_8), WireFormat.JSON);
    }

    /** Returns {@code :cursor} of the data. */
    public long cursor() {
      return Wire.longField(transit(), "cursor");
    }
  }

  private final HttpResponse<InputStream> response;
  private final @Nullable Object errorBody;
  private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
  private final List<Item> seen = new ArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);

  private EventRecorder(HttpResponse<InputStream> response, @Nullable Object errorBody) {
    this.response = response;
    this.errorBody = errorBody;
  }

  /** Opens {@code pathAndQuery} as an event stream with {@code http}'s token. */
  public static EventRecorder open(TransitHttp http, String pathAndQuery) {
    HttpRequest request =
        http.request(pathAndQuery)
            .setHeader("Accept", "text/event-stream")
            // The request timeout must not end a stream that is meant to stay open.
            .timeout(Duration.ofMinutes(10))
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (response.statusCode() != 200) {
      try (InputStream in = response.body()) {
        byte[] bytes = in.readAllBytes();
        WireFormat format =
            WireFormat.ofContentType(response.headers().firstValue("Content-Type").orElse(null));
        Object body = format == null || bytes.length == 0 ? null : http.codec().decode(bytes, format);
        EventRecorder failed = new EventRecorder(response, body);
        failed.ended.countDown();
        return failed;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    EventRecorder recorder = new EventRecorder(response, null);
    Thread reader = new Thread(recorder::read, "event-recorder");
    reader.setDaemon(true);
    reader.start();
    return recorder;
  }

  /** Returns the HTTP status of the stream's response. */
  public int status() {
    return response.statusCode();
  }

  /** Returns a response header. */
  public @Nullable String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** Returns the decoded Transit body of a response that was not a stream. */
  public @Nullable Object errorBody() {
    return errorBody;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = null;
      StringBuilder data = null;
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith(":")) {
          items.add(new Comment(line.substring(1).trim()));
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          String part = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
          data = data == null ? new StringBuilder(part) : data.append('\n').append(part);
        } else if (line.isEmpty() && (name != null || data != null)) {
          items.add(new Event(name == null ? "message" : name, data == null ? "" : data.toString()));
          name = null;
          data = null;
        }
      }
    } catch (IOException e) {
      // The stream was cut; that ends it as well.
    } finally {
      ended.countDown();
    }
  }

  /** Waits for the next item that matches {@code wanted}, skipping (but remembering) others. */
  public Item await(Predicate<Item> wanted) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try {
      while (true) {
        Item item = items.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (item == null) {
          throw new AssertionError(
              "stream did not deliver the awaited item within " + PATIENCE + "; saw " + seen);
        }
        seen.add(item);
        if (wanted.test(item)) {
          return item;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Takes everything that arrived so far off the queue, so later waits see only newer items. */
  public void skipArrived() {
    items.drainTo(seen);
  }

  /** Waits for the comment {@code : text}. */
  public void awaitComment(String text) {
    await(item -> item instanceof Comment c && c.text().equals(text));
  }

  /** Waits for a {@code change} event whose cursor is at least {@code cursor}, and returns it. */
  public Event awaitChange(long cursor) {
    return (Event) await(item -> item instanceof Event e && e.name().equals("change") && e.cursor() >= cursor);
  }

  /** Returns every {@code change} event taken from the stream so far. */
  public List<Event> changesSeen() {
    List<Event> changes = new ArrayList<>();
    for (Item item : seen) {
      if (item instanceof Event e && e.name().equals("change")) {
        changes.add(e);
      }
    }
    return changes;
  }

  /** Waits until the server ends the stream. */
  public void awaitEnd() {
    try {
      if (!ended.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("stream did not end within " + PATIENCE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Disconnects. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already gone
    }
  }
}
