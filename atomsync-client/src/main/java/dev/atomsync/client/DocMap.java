package dev.atomsync.client;

import dev.atomsync.client.internal.RealDocMap;
import java.util.Collection;
import java.util.Map;
import org.pcollections.PMap;

/**
 * The value of a {@link SyncedAtom}: an immutable, persistent map from document id to document
 * value, sorted by id.
 *
 * <p>{@link #plus} and {@link #minus} return a new map that shares structure with this one, in
 * O(log n). A map derived this way from an atom's current value also records which ids it touched,
 * so that committing it costs O(documents changed) instead of a scan of every document (see {@link
 * SyncedAtom#swap}). Keys and values are never null. Document values should be immutable too: the
 * atom keeps the objects it is given and does not copy them.
 *
 * <p>Instances from {@link #empty()}, {@link #copyOf}, {@link SyncedAtom#deref()} and their
 * derivatives are thread-safe. The mutators inherited from {@link Map} throw {@link
 * UnsupportedOperationException}. Equality and hash code follow {@link Map}.
 */
public interface DocMap extends PMap<String, Object> {

  /** Returns the empty map. */
  static DocMap empty() {
    return RealDocMap.EMPTY;
  }

  /**
   * Returns a map with the entries of {@code docs}. Committing it to an atom compares it with the
   * atom's value document by document, in O(documents held): prefer {@link #plus} on the atom's
   * value where the cost matters.
   *
   * @throws NullPointerException when {@code docs} holds a null key or value
   */
  static DocMap copyOf(Map<String, ?> docs) {
    return RealDocMap.copyOf(docs);
  }

  /**
   * Returns this map with document {@code id} set to {@code value}.
   *
   * @throws NullPointerException when {@code id} or {@code value} is null (use {@link #minus} to
   *     remove a document)
   */
  @Override
  DocMap plus(String id, Object value);

  /**
   * Returns this map with every entry of {@code docs} set.
   *
   * @throws NullPointerException when {@code docs} holds a null key or value
   */
  @Override
  DocMap plusAll(Map<? extends String, ?> docs);

  /** Returns this map without document {@code id}; this map itself when it has no such id. */
  @Override
  DocMap minus(Object id);

  /** Returns this map without the documents {@code ids}. */
  @Override
  DocMap minusAll(Collection<?> ids);
}
