package dev.atomsync.client;

/** Where a {@link SyncedAtom}'s sync with its server stands. */
public enum SyncStatus {
  /** The atom names no server; it never syncs. */
  LOCAL_ONLY,
  /** The server cannot be reached (or answers 5xx); the loop retries with backoff. */
  OFFLINE,
  /** A push or pull is under way. */
  SYNCING,
  /** The last round finished: nothing was waiting to be pushed, and the last pull had no more. */
  SYNCED,
  /**
   * The server refused the atom's requests in a way that retrying will not fix by itself (401,
   * 403, 400, 413, 415); the loop still retries, slowly, in case the server's configuration changes.
   */
  ERROR
}
