package dev.atomsync.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.Transit;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP transport's live-events subscription reads the Server-Sent Events format and reconnects, over real HTTP. */
class LiveEventsClientTest {
  private final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Recorder recorder = new Recorder();
  private final CountDownLatch release = new CountDownLatch(1);
  private Registration client;

  LiveEventsClientTest() throws IOException {}

  @AfterEach
  void stop() {
    release.countDown();
    if (client != null) {
      client.remove();
    }
    server.stop(0);
    http.shutdownNow();
  }

  @Test
  void readsChangeEventsIgnoringCommentsOtherGroupsAndOtherEvents() throws Exception {
    serve(connection -> {
      write(connection, ": connected\n\n");
      write(connection, "event: change\ndata: " + event("todo", 5) + "\n\n");
      write(connection, ": ping\n\n");
      write(connection, "event: change\ndata: " + event("other", 9) + "\n\n");
      write(connection, "event: hello\ndata: " + event("todo", 99) + "\n\n");
      write(connection, "event:change\r\ndata:" + event("todo", 6) + "\r\n\r\n");
      write(connection, "event: change\ndata: not transit\n\n");
      write(connection, "event: change\ndata: " + event("todo", 7) + "\n\n");
      holdOpen();
    });
    start();

    recorder.awaitCursors(3);
    assertThat(recorder.cursors).containsExactly(5L, 6L, 7L);
    assertThat(recorder.connected.get()).isEqualTo(1);
  }

  @Test
  void handsOnTheChangesAnEventCarriesAndIgnoresKeysItDoesNotKnow() throws Exception {
    Doc put = new Doc("todo:1", Map.of(Transit.kw("text"), "milk"), 3, false, 41,
        Instant.parse("2026-12-02T10:00:00Z"));
    Doc tombstone = new Doc("todo:2", null, 2, true, 42, Instant.parse("2026-12-02T10:00:00Z"));
    Map<Object, Object> carried =
        new ChangeEvent("todo", 42, 40, List.of(put, tombstone)).toTransit();
    carried.put(Transit.kw("added-later"), List.of(1L, "x"));
    serve(connection -> {
      write(connection, "event: change\ndata: " + transit(carried) + "\n\n");
      write(connection, "event: change\ndata: " + event("todo", 43) + "\n\n");
      holdOpen();
    });
    start();

    recorder.awaitCursors(2);
    assertThat(recorder.events).containsExactly(
        new ChangeEvent("todo", 42, 40, List.of(put, tombstone)), new ChangeEvent("todo", 43));
  }

  @Test
  void anEventWhoseChangesCannotBeReadIsHandedOnAsItsCursorAlone() throws Exception {
    Map<Object, Object> carried = new ChangeEvent("todo", 42, 40, List.of()).toTransit();
    carried.put(Transit.kw("docs"), List.of(Map.of(Transit.kw("id"), "todo:1"))); // no version
    serve(connection -> {
      write(connection, "event: change\ndata: " + transit(carried) + "\n\n");
      holdOpen();
    });
    start();

    recorder.awaitCursors(1);
    assertThat(recorder.events).containsExactly(new ChangeEvent("todo", 42));
  }

  @Test
  void reconnectsAfterTheStreamEndsAndSaysSoEachTime() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    serve(connection -> {
      int n = connections.incrementAndGet();
      write(connection, "event: change\ndata: " + event("todo", n) + "\n\n");
      if (n >= 3) {
        holdOpen();
      }
    });
    start();

    recorder.awaitCursors(3);
    assertThat(recorder.cursors).containsExactly(1L, 2L, 3L);
    assertThat(recorder.connected.get()).isEqualTo(3);
    assertThat(recorder.disconnects.get()).isEqualTo(2);
  }

  @Test
  void refusedStreamIsRetriedWithBackoff() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    server.createContext("/sync/events", exchange -> {
      int n = connections.incrementAndGet();
      if (n < 3) {
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(("event: change\ndata: " + event("todo", 42) + "\n\n").getBytes(UTF_8));
        out.flush();
        holdOpen();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    start();

    recorder.awaitCursors(1);
    assertThat(recorder.cursors).containsExactly(42L);
    assertThat(recorder.disconnects.get()).isEqualTo(2);
    assertThat(recorder.lastFailure.status()).isEqualTo(503);
  }

  @Test
  void close_hangsUpAndStopsReconnecting() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    serve(connection -> {
      connections.incrementAndGet();
      write(connection, "event: change\ndata: " + event("todo", 1) + "\n\n");
      holdOpen();
    });
    start();
    recorder.awaitCursors(1);

    client.remove();
    Thread.sleep(300);

    assertThat(connections.get()).isEqualTo(1);
    assertThat(recorder.disconnects.get()).isZero();
  }

  @Test
  void silentStream_isHungUpAndReopened() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    serve(connection -> {
      int n = connections.incrementAndGet();
      write(connection, "event: change\ndata: " + event("todo", n) + "\n\n");
      holdOpen();
    });
    HttpTransport transport = new HttpTransport(http,
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sync"), null,
        Codec.standard(), () -> null, Duration.ofSeconds(30));
    LiveEventsClient silent = new LiveEventsClient(transport, "todo",
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new Random(1)), recorder,
        Duration.ofMillis(300));
    silent.start();
    client = silent::close;

    recorder.awaitCursors(2);
    assertThat(recorder.cursors).startsWith(1L, 2L);
    assertThat(recorder.connected.get()).isGreaterThanOrEqualTo(2);
  }

  private void holdOpen() throws InterruptedException {
    release.await(10, TimeUnit.SECONDS);
  }

  private void start() {
    HttpTransport transport = new HttpTransport(http,
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sync"), null,
        Codec.standard(), () -> new Backoff(Duration.ofMillis(10), Duration.ofMillis(50),
            new Random(1)), Duration.ofSeconds(30));
    client = transport.subscribe("todo", recorder);
  }

  /** What one connection of the test server does after the 200 header. */
  @FunctionalInterface
  private interface Connection {
    void serve(OutputStream out) throws Exception;
  }

  private void serve(Connection connection) {
    server.createContext("/sync/events", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        connection.serve(out);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // The client hung up.
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(UTF_8));
    out.flush();
  }

  private static String event(String group, long cursor) {
    return transit(new ChangeEvent(group, cursor).toTransit());
  }

  private static String transit(Map<Object, Object> data) {
    return new String(Codec.standard().encode(data, WireFormat.JSON), UTF_8);
  }

  private static final class Recorder implements SyncTransport.EventListener {
    final List<Long> cursors = new CopyOnWriteArrayList<>();
    final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();
    volatile SyncException lastFailure;

    @Override
    public void connected() {
      connected.incrementAndGet();
    }

    @Override
    public void changed(long cursor) {
      cursors.add(cursor);
    }

    @Override
    public void changed(ChangeEvent event) {
      events.add(event);
      changed(event.cursor());
    }

    @Override
    public void disconnected(SyncException cause) {
      lastFailure = cause;
      disconnects.incrementAndGet();
    }

    void awaitCursors(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cursors.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(cursors).as("events heard within 10 s; last failure %s", lastFailure).hasSizeGreaterThanOrEqualTo(count);
    }
  }
}
