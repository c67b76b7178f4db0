package dev.atomsync.client;

import static java.util.Objects.requireNonNull;

import dev.atomsync.core.Codec;

/**
 * How {@link AtomSync#open(java.nio.file.Path, AtomSyncOptions)} opens a local file.
 *
 * <p>Immutable; each {@code with}-style method returns a copy. Start from {@link #defaults()}.
 *
 * @param codec encodes document values in the file; register records and enums here so that they
 *     come back with their types after a restart. Default {@link Codec#standard()}.
 * @param durability when SQLite syncs a committed change to the disk. Default {@link
 *     Durability#NORMAL}: survives a process kill, not necessarily a power loss.
 */
public record AtomSyncOptions(Codec codec, Durability durability) {

  /** Checks that no setting is null. */
  public AtomSyncOptions {
    requireNonNull(codec, "codec");
    requireNonNull(durability, "durability");
  }

  /** Returns the standard codec with {@link Durability#NORMAL}. */
  public static AtomSyncOptions defaults() {
    return new AtomSyncOptions(Codec.standard(), Durability.NORMAL);
  }

  /** Returns a copy with {@code codec}. */
  public AtomSyncOptions codec(Codec codec) {
    return new AtomSyncOptions(codec, durability);
  }

  /** Returns a copy with {@code durability}. */
  public AtomSyncOptions durability(Durability durability) {
    return new AtomSyncOptions(codec, durability);
  }
}
