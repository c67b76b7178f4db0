package dev.atomsync.server.internal;

import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.LiveEvents;
import dev.atomsync.server.internal.wire.CarriedChanges;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's Server-Sent Events stream of a group.
 *
 * <p>Events published while a write is in progress coalesce into one pending event, so a slow
 * client costs one pending event, never a queue: changes that follow on the pending ones merge
 * with them while they stay small ({@link PendingEvent#and}). Each stream writes on its own
 * virtual thread, which blocks on the socket instead of the publisher.
 */
public final class EventStream implements LiveEvents.Listener, AsyncListener {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  private final String group;
  private final AsyncContext async;
  private final OutputStream out;
  private final long pingNanos;
  private final AtomicReference<@Nullable PendingEvent> pending = new AtomicReference<>();
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
    offer(PendingEvent.cursorOnly(cursor));
  }

  @Override
  public void onChanges(String group, CarriedChanges changes) {
    offer(PendingEvent.carrying(changes));
  }

  private void offer(PendingEvent next) {
    pending.accumulateAndGet(next, (old, added) -> old == null ? added : old.and(added));
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
        PendingEvent next = pending.getAndSet(null);
        if (next != null) {
          out.write(next.changes() != null ? next.changes().frame() : event(next.cursor()));
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
      while (open && pending.get() == null && remaining > 0) {
        remaining = wake.awaitNanos(remaining);
      }
      return !open || pending.get() != null;
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
