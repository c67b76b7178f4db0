package dev.atomsync.client.internal;

import dev.atomsync.core.ChangeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Live events that carry their changes, kept in arrival order from the events thread until the
 * sync thread applies them. Bounded: past {@link #MAX_EVENTS} an event is dropped, which only
 * leaves a gap that the pull then fills. Thread-safe.
 */
final class CarriedEvents {
  /** How many events wait at most; the server coalesces, so more means a stalled sync thread. */
  static final int MAX_EVENTS = 64;

  private final List<ChangeEvent> events = new ArrayList<>(); // guarded by this

  /** Keeps {@code event} for the next round, unless {@link #MAX_EVENTS} are already waiting. */
  synchronized void add(ChangeEvent event) {
    if (events.size() < MAX_EVENTS) {
      events.add(event);
    }
  }

  /** Returns the waiting events, oldest first, and forgets them. */
  synchronized List<ChangeEvent> takeAll() {
    if (events.isEmpty()) {
      return List.of();
    }
    List<ChangeEvent> taken = List.copyOf(events);
    events.clear();
    return taken;
  }
}
