package dev.atomsync.server.internal;

import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.LiveEvents;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's Server-Sent Events stream of a group.
 *
 * <p>Cursors published while a write is in progress coalesce into the newest, so a slow client
 * costs one pending number, never a queue. Each stream writes on its own virtual thread, which
 * blocks on the socket instead of the publisher.
 */
public final class EventStream implements LiveEvents.Listener, AsyncListener {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final long NONE = -1;
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  private final String group;
  private final AsyncContext async;
  private final OutputStream out;
  private final long pingNanos;
  private final AtomicLong pendingCursor = new AtomicLong(NONE);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean open = true;
  private LiveEvents.Subscription subscription = () -> {};

  public EventStream(String group, AsyncContext async, OutputStream out, Duration pingInterval) {
    this.group = group;
    this.async = async;
    this.out = out;
    this.pingNanos = pingInterval.toNanos();
  }

  /** Subscribes to {@code events} and starts writing on a virtual thread. */
  public void start(LiveEvents events) {
    async.addListener(this);
    subscription = events.subscribe(group, this);
    Thread.ofVirtual().name("atomsync-sse-" + group).start(this::run);
  }

  @Override
  public void onChange(String group, long cursor) {
    pendingCursor.accumulateAndGet(cursor, Math::max);
    signal();
  }

  @Override
  public void onClose() {
    open = false;
    signal();
  }

  private void signal() {
    lock.lock();
    try {
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    try {
      out.write(": connected\n\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (open) {
        long cursor = pendingCursor.getAndSet(NONE);
        if (cursor != NONE) {
          out.write(event(cursor));
          out.flush();
        } else if (!awaitChange()) {
          out.write(PING);
          out.flush();
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("live-events stream of {} ended: {}", group, e.toString());
    } finally {
      finish();
    }
  }

  /** Waits up to the ping interval; returns whether a change or close arrived meanwhile. */
  private boolean awaitChange() throws IOException {
    lock.lock();
    try {
      long remaining = pingNanos;
      while (open && pendingCursor.get() == NONE && remaining > 0) {
        remaining = wake.awaitNanos(remaining);
      }
      return !open || pendingCursor.get() != NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      lock.unlock();
    }
  }

  private byte[] event(long cursor) {
    String data =
        new String(
            Codec.standard().encode(new ChangeEvent(group, cursor).toTransit(), WireFormat.JSON),
            StandardCharsets.UTF_8);
    return ("event: change\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private void finish() {
    open = false;
    subscription.close();
    try {
      async.complete();
    } catch (IllegalStateException alreadyDone) {
      // The container completed the request first (client gone, or shutdown).
    }
  }

  @Override
  public void onComplete(AsyncEvent event) {
    onClose();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    onClose();
  }

  @Override
  public void onError(AsyncEvent event) {
    onClose();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}
}
