package dev.atomsync.client;

import dev.atomsync.client.internal.InMemoryLocalStore;
import dev.atomsync.client.internal.RealAtomSync;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.core.Codec;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The entry point: one local store (an SQLite file, memory, or a {@link LocalStore} of your own)
 * and the {@link SyncedAtom}s of the groups kept in it.
 *
 * <pre>{@code
 * try (AtomSync db = AtomSync.open(Path.of("my-app.db"))) {
 *   SyncedAtom todos = db.atom("todo");
 *   todos.swap(m -> m.plus("todo:1", Map.of(kw("text"), "Buy milk")));
 * }
 * }</pre>
 *
 * <p>One file has one owner: while an {@code AtomSync} has a file open, opening it again, from this
 * process or another, fails at once. Thread-safe.
 */
public interface AtomSync extends AutoCloseable {

  /**
   * Opens the local store in {@code file} with {@link AtomSyncOptions#defaults()}, creating the
   * file when absent.
   *
   * @throws dev.atomsync.client.spi.LocalStoreException when the file is open elsewhere, is not an
   *     AtomSync client file, or cannot be opened
   */
  static AtomSync open(Path file) {
    return open(file, AtomSyncOptions.defaults());
  }

  /**
   * Opens the local store in {@code file} with {@code options}, creating the file when absent.
   * Beside it, {@code file + ".lock"} marks the owner; it stays after close, harmlessly.
   *
   * @throws dev.atomsync.client.spi.LocalStoreException as {@link #open(Path)}
   */
  static AtomSync open(Path file, AtomSyncOptions options) {
    return RealAtomSync.open(file, options);
  }

  /**
   * Returns a store that lives in memory and is gone on close, with the standard codec: for tests
   * and ephemeral use.
   */
  static AtomSync inMemory() {
    return inMemory(Codec.standard());
  }

  /** Returns a store that lives in memory and encodes documents with {@code codec}. */
  static AtomSync inMemory(Codec codec) {
    return open(new InMemoryLocalStore(), codec);
  }

  /**
   * Returns an {@code AtomSync} over {@code store}, which it owns from now on and closes on {@link
   * #close()}: the way for a platform port to bring its own store.
   */
  static AtomSync open(LocalStore store, Codec codec) {
    return RealAtomSync.over(store, codec);
  }

  /** Returns the local-only atom of {@code group}, as {@code atom(group, SyncOptions.localOnly())}. */
  SyncedAtom atom(String group);

  /**
   * Returns the atom of {@code group}, loading its documents from the store the first time. Asking
   * again for the same group with equal options returns the same atom; asking with other options
   * fails, because one atom per group is what keeps memory and store in step.
   *
   * <p>An atom whose options name a server starts syncing at once, in the background (see {@link
   * SyncedAtom}); {@link SyncedAtom#ready()} tells when the first pull is in.
   *
   * @throws IllegalArgumentException when {@code group} is not 1 to 128 characters of
   *     {@code [A-Za-z0-9._-]}, or when the group's atom is already open with other options
   * @throws IllegalStateException when this {@code AtomSync} is closed
   */
  SyncedAtom atom(String group, SyncOptions options);

  /** Returns the id of this client installation, generated once per store and kept in it. */
  UUID clientId();

  /**
   * Stops every atom's sync loop, then closes the store and gives up the file; does nothing when
   * already closed. A change in progress finishes first. While its server answers, an atom with
   * unpushed changes first pushes them, waiting up to 2 s; what is still unpushed then stays in the
   * outbox for the next open. The atoms keep their last value; changes to them throw afterwards.
   */
  @Override
  void close();
}
