package dev.atomsync.client;

/**
 * Called after an atom's value changed, as {@code clojure.lang.IRef} watches are.
 *
 * <p>For local changes ({@code swap}, {@code reset}, {@code compareAndSet} and the per-document
 * methods) a watch runs on the thread that made the change, after the new value is committed to the
 * local store and visible to {@link SyncedAtom#deref()}. Watches of concurrent changes may run
 * concurrently and out of order; each call's {@code oldValue} and {@code newValue} are exactly the
 * values its change replaced and set.
 */
@FunctionalInterface
public interface Watch {

  /**
   * Reacts to one change of {@code atom} from {@code oldValue} to {@code newValue}. An exception
   * propagates to the caller of the change, which has already happened, and skips the watches not
   * yet called.
   *
   * @param key the key the watch was added under
   */
  void changed(Object key, SyncedAtom atom, DocMap oldValue, DocMap newValue);
}
