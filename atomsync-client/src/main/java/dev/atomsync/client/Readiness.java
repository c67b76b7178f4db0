package dev.atomsync.client;

/** How a {@link SyncedAtom} became ready ({@link SyncedAtom#ready()}). */
public enum Readiness {
  /** The atom names no server: its local state is all there is. */
  LOCAL_ONLY,
  /** The local state is loaded and the first pull from the server has been applied. */
  SYNCED,
  /**
   * The local state is loaded, but the first attempt to reach the server failed; the atom syncs
   * in the background once the server answers.
   */
  OFFLINE
}
