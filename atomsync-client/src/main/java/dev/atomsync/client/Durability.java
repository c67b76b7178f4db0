package dev.atomsync.client;

/**
 * What a local change has survived once {@code swap} returns.
 *
 * <p>Both levels commit every change to the local SQLite file before returning, in WAL mode; they
 * differ in when SQLite syncs the WAL to the disk. Neither ever returns before the change is
 * committed: killing the process right afterwards loses nothing.
 */
public enum Durability {
  /**
   * Syncs the WAL on every commit ({@code synchronous=FULL}): a returned change survives a process
   * crash, an operating system crash and a power loss. Each change then waits for the disk (about
   * 2.5 ms a change on the virtual disk this was measured on, against 0.06 ms with {@link #NORMAL});
   * choose it where losing the last changes to a power cut is not acceptable.
   */
  FULL,

  /**
   * Syncs the WAL only at checkpoints ({@code synchronous=NORMAL}): a returned change survives a
   * process crash or kill, which is what the client promises, but the last changes may be lost on
   * an operating system crash or power loss; the file stays consistent either way. The default, as
   * for SQLite in WAL mode on Android: a client's changes are also on their way to the server.
   */
  NORMAL
}
