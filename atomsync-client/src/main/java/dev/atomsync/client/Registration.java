package dev.atomsync.client;

/**
 * A handle to a registered callback; {@link #remove()} unregisters it.
 *
 * <p>Removing is idempotent, and removes only the callback this handle registered, never one that
 * replaced it later under the same key. Thread-safe.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

  /** Unregisters the callback; does nothing when it is already gone. */
  void remove();

  /** Unregisters the callback, as {@link #remove()}. */
  @Override
  default void close() {
    remove();
  }
}
