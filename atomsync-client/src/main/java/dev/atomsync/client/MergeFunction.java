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
   * Returns the built-in three-way field merge for map documents. Per key of base, local and
   * remote: a key only one side changed (set, changed or removed since base) takes that side's
   * value, so both sides' edits to different fields survive; a key both sides changed takes the
   * remote value. A document one side deleted and the other edited keeps the edit; deleted on both
   * sides stays deleted. Values that are not maps on both edited sides take the remote value.
   */
  static MergeFunction fields() {
    return dev.atomsync.client.internal.FieldMerge.INSTANCE;
  }

  /**
   * Returns the value to push on top of the server's version; null deletes the document.
   *
   * @param base the server's value the local edit was made on; null when the document was new
   * @param local the local value; null when the local edit deleted the document
   * @param remote the server's current value; null when the server deleted the document
   */
  @Nullable Object merge(@Nullable Object base, @Nullable Object local, @Nullable Object remote);
}
