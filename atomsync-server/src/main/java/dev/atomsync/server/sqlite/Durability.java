package dev.atomsync.server.sqlite;

/**
 * How far a committed push has reached when {@link SqliteStore} acknowledges it.
 *
 * <p>Both levels run SQLite in WAL mode; they differ in when the WAL is synced to disk.
 */
public enum Durability {
  /**
   * Syncs the WAL on every commit ({@code synchronous=FULL}): an acknowledged push survives a
   * process crash, an operating system crash and a power loss. The default.
   */
  FULL("FULL"),

  /**
   * Syncs the WAL only at checkpoints ({@code synchronous=NORMAL}): an acknowledged push survives
   * a process crash, but the last commits may be lost on an operating system crash or power loss.
   * Faster; use only where that loss is acceptable.
   */
  NORMAL("NORMAL");

  private final String pragmaValue;

  Durability(String pragmaValue) {
    this.pragmaValue = pragmaValue;
  }

  /** Returns the value of SQLite's {@code synchronous} pragma for this level. */
  String pragmaValue() {
    return pragmaValue;
  }
}
