package dev.atomsync.server.internal;

import dev.atomsync.server.internal.wire.CarriedChanges;
import org.jspecify.annotations.Nullable;

/**
 * The live event a stream writes next: a cursor, and the changes up to it when the event carries
 * them.
 */
record PendingEvent(long cursor, @Nullable CarriedChanges changes) {

  /** Returns an event that announces {@code cursor} only. */
  static PendingEvent cursorOnly(long cursor) {
    return new PendingEvent(cursor, null);
  }

  /** Returns an event that carries {@code changes}. */
  static PendingEvent carrying(CarriedChanges changes) {
    return new PendingEvent(changes.cursor(), changes);
  }

  /**
   * Returns the one event to write instead of this one followed by {@code next}: both merged when
   * one's changes follow on the other's (pushes may publish in another order than they committed)
   * and the two stay small; otherwise the one that reaches the higher cursor. Every event is true on its own (PROTOCOL.md, Live changes), so
   * leaving out the other only makes a client whose cursor the kept event does not fit pull.
   */
  PendingEvent and(PendingEvent next) {
    if (changes != null && next.changes != null) {
      CarriedChanges merged = changes.followedBy(next.changes);
      if (merged == null) {
        merged = next.changes.followedBy(changes);
      }
      if (merged != null) {
        return carrying(merged);
      }
    }
    return next.cursor > cursor ? next : this;
  }
}
