package dev.atomsync.server;

import dev.atomsync.server.internal.wire.CarriedChanges;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells listeners when a group's committed writes reach a new cursor, and, when they are small,
 * what the writes were.
 *
 * <p>{@link #publish} calls listeners on the publishing thread, so listeners must only record the
 * cursor and hand off any I/O (see {@link Listener}). Thread-safe.
 */
public final class LiveEvents {
  private final Map<String, Set<Listener>> byGroup = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean closed;

  /** Receives a group's cursors. Both methods must return quickly and never block. */
  public interface Listener {
    /** Called after writes to the group committed up to {@code cursor}. */
    void onChange(String group, long cursor);

    /**
     * Called instead of {@link #onChange} when the publisher knows the writes themselves: all of
     * the group's changes up to {@code changes.cursor()} since {@code changes.since()}. The default
     * hears the cursor only.
     */
    default void onChanges(String group, CarriedChanges changes) {
      onChange(group, changes.cursor());
    }

    /** Called once when the server shuts the stream down; no call follows it. */
    default void onClose() {}
  }

  /** Removes a listener; closing twice is harmless. */
  @FunctionalInterface
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Adds {@code listener} for {@code group} and returns the handle that removes it.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public Subscription subscribe(String group, Listener listener) {
    if (closed) {
      throw new IllegalStateException("live events are closed");
    }
    Set<Listener> listeners = byGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet());
    listeners.add(listener);
    count.incrementAndGet();
    return () -> {
      if (listeners.remove(listener)) {
        count.decrementAndGet();
      }
    };
  }

  /** Tells every listener of {@code group} that writes committed up to {@code cursor}. */
  public void publish(String group, long cursor) {
    Set<Listener> listeners = byGroup.get(group);
    if (listeners != null) {
      for (Listener listener : listeners) {
        listener.onChange(group, cursor);
      }
    }
  }

  /** Tells every listener of {@code changes}' group of these committed changes. */
  public void publish(CarriedChanges changes) {
    Set<Listener> listeners = byGroup.get(changes.group());
    if (listeners != null) {
      for (Listener listener : listeners) {
        listener.onChanges(changes.group(), changes);
      }
    }
  }

  /** Returns how many listeners are subscribed. */
  public int listenerCount() {
    return count.get();
  }

  /** Closes every listener and refuses new ones; used on shutdown. */
  public void close() {
    closed = true;
    for (Set<Listener> listeners : byGroup.values()) {
      for (Listener listener : listeners) {
        if (listeners.remove(listener)) {
          count.decrementAndGet();
          listener.onClose();
        }
      }
    }
  }
}
