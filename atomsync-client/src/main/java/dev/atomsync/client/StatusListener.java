package dev.atomsync.client;

/**
 * Hears of every change of an atom's {@link SyncStatus}.
 *
 * <p>Called on the atom's sync thread, in the order the changes happen; it should return quickly.
 * An exception it throws is logged and does not stop the sync loop.
 */
@FunctionalInterface
public interface StatusListener {

  /** Reacts to {@code atom}'s status changing from {@code oldStatus} to {@code newStatus}. */
  void statusChanged(SyncedAtom atom, SyncStatus oldStatus, SyncStatus newStatus);
}
