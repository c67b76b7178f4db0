package dev.atomsync.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.atomsync.client.SyncException;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one group's live-events stream (PROTOCOL.md, Live changes) open on a thread of its own,
 * reconnecting with backoff, and tells its listener what it hears: the HTTP side of {@link
 * SyncTransport#subscribe}. Events are hints: a
 * lost or coalesced one only delays a pull until the next interval.
 */
final class LiveEventsClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LiveEventsClient.class);

  /**
   * How long a stream may stay silent before it counts as dead: three of the server's 15 s pings.
   * A connection that died without a FIN or RST would otherwise block the reader until the
   * operating system gives up on it, hours later.
   */
  static final Duration SILENCE_LIMIT = Duration.ofSeconds(45);

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("atomsync-watchdog").factory());

  private final HttpTransport transport;
  private final String group;
  private final Backoff backoff;
  private final SyncTransport.EventListener listener;
  private final Thread thread;
  private volatile boolean closed;
  private volatile @Nullable InputStream current;
  private volatile long lastHeard;
  private final Duration silenceLimit;

  LiveEventsClient(HttpTransport transport, String group, Backoff backoff,
      SyncTransport.EventListener listener) {
    this(transport, group, backoff, listener, SILENCE_LIMIT);
  }

  LiveEventsClient(HttpTransport transport, String group, Backoff backoff,
      SyncTransport.EventListener listener, Duration silenceLimit) {
    this.silenceLimit = silenceLimit;
    this.transport = transport;
    this.group = group;
    this.backoff = backoff;
    this.listener = listener;
    this.thread = Thread.ofPlatform().daemon().name("atomsync-events-" + group).unstarted(this::run);
  }

  /** Starts listening. */
  void start() {
    thread.start();
  }

  private void run() {
    while (!closed) {
      SyncException failure;
      try {
        InputStream body = transport.events(group);
        current = body;
        if (closed) {
          closeQuietly(body);
          return;
        }
        backoff.reset();
        listener.connected();
        lastHeard = System.nanoTime();
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleAtFixedRate(() -> hangUpIfSilent(body),
            silenceLimit.toMillis() / 3, silenceLimit.toMillis() / 3, TimeUnit.MILLISECONDS);
        try {
          read(body);
        } finally {
          watchdog.cancel(false);
        }
        failure = new SyncException("live events of \"" + group + "\" ended", 0, null);
      } catch (SyncException e) {
        failure = e;
      } catch (IOException | RuntimeException e) {
        failure = new SyncException("live events of \"" + group + "\" broke: " + e, 0, e);
      }
      if (closed) {
        return;
      }
      Duration wait = backoff.next();
      log.debug("live events of \"{}\" down ({}); reconnecting in {} ms", group,
          failure.getMessage(), wait.toMillis());
      listener.disconnected(failure);
      try {
        TimeUnit.NANOSECONDS.sleep(wait.toNanos());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Reads events until the stream ends, per the Server-Sent Events format. */
  private void read(InputStream body) throws IOException {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, UTF_8))) {
      String event = null;
      StringBuilder data = null;
      String line;
      while (!closed && (line = lines.readLine()) != null) {
        lastHeard = System.nanoTime();
        if (line.isEmpty()) {
          if ("change".equals(event) && data != null) {
            dispatch(data.toString());
          }
          event = null;
          data = null;
        } else if (line.startsWith("event:")) {
          event = field(line, 6);
        } else if (line.startsWith("data:")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(field(line, 5));
        }
        // Comments (": ping") and unknown fields are ignored, as the format says.
      }
    }
  }

  private void hangUpIfSilent(InputStream body) {
    if (System.nanoTime() - lastHeard > silenceLimit.toNanos()) {
      log.debug("live events of \"{}\" silent for {} ms; reconnecting", group,
          silenceLimit.toMillis());
      closeQuietly(body);
    }
  }

  private void dispatch(String data) {
    ChangeEvent change = read(data.getBytes(UTF_8));
    if (change != null && change.group().equals(group)) {
      listener.changed(change);
    }
  }

  /**
   * Returns the event {@code data} holds, decoded with the atom's codec as a pull is (an event may
   * carry documents of the atom's own types); when its changes cannot be read, the announcement
   * alone, so that the client pulls them; null when not even that can be read.
   */
  private @Nullable ChangeEvent read(byte[] data) {
    try {
      return ChangeEvent.fromTransit(transport.codec().decode(data, WireFormat.JSON));
    } catch (RuntimeException e) {
      try {
        ChangeEvent announced =
            ChangeEvent.announcementFromTransit(Codec.standard().decode(data, WireFormat.JSON));
        log.debug("live event of \"{}\" read without its changes: {}", group, e.getMessage());
        return announced;
      } catch (RuntimeException unreadable) {
        log.warn("ignoring an unreadable live event of \"{}\": {}", group, e.getMessage());
        return null;
      }
    }
  }

  private static String field(String line, int nameLength) {
    int start = nameLength < line.length() && line.charAt(nameLength) == ' ' ? nameLength + 1
        : nameLength;
    return line.substring(start);
  }

  /** Hangs up and stops the thread; does not wait for it. */
  @Override
  public void close() {
    closed = true;
    InputStream body = current;
    if (body != null) {
      closeQuietly(body);
    }
    thread.interrupt();
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // Hanging up; nothing to do about a failing close.
    }
  }
}
