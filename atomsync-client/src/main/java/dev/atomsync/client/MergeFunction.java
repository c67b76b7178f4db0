package dev.atomsync.client;

import org.jspecify.annotations.Nullable;

/**
 * Resolves a conflict between a local edit and the server's newer version of one document.
 *
 * <p>Called on the sync thread; it should be fast and must not block on the atom.
 */
@FunctionalInterface
public interface MergeFunction {

  /**
   * Returns the value to push on top of the server's version; null deletes the document.
   *
   * @param base the server's value the local edit was made on; null when the document was new
   * @param local the local value; null when the local edit deleted the document
   * @param remote the server's current value; null when the server deleted the document
   */
  @Nullable Object merge(@Nullable Object base, @Nullable Object local, @Nullable Object remote);
}
