package dev.atomsync.client;

/**
 * Hears of every conflict the sync loop settled: which local edit was dropped, kept or merged.
 *
 * <p>Called on the atom's sync thread after the resolution is committed to the local store and
 * visible to {@link SyncedAtom#deref()}; it should return quickly. An exception it throws is logged
 * and does not stop the sync loop.
 */
@FunctionalInterface
public interface ConflictListener {

  /** Reacts to one settled conflict of {@code atom}. */
  void conflict(SyncedAtom atom, Conflict conflict);
}
