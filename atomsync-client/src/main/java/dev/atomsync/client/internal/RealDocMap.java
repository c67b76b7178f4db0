package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.DocMap;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * The {@link DocMap} of this library: a {@link TreePMap} plus an edit log.
 *
 * <p>The edit log is what keeps a write O(documents changed). A map made by {@link #plus} or
 * {@link #minus} remembers its <em>root</em>, the nearest ancestor that was a root itself, and the
 * ids touched since; when the root is the atom's current value, the touched ids are a superset of
 * the changed ones and nothing else needs comparing (see {@link Diff}). When the atom commits a
 * map, it makes that map a root ({@link #makeRoot}), so the next edits are logged relative to it
 * and no map keeps its ancestors alive.
 */
public final class RealDocMap extends AbstractMap<String, Object> implements DocMap {
  /** The empty map, a root. */
  public static final RealDocMap EMPTY = new RealDocMap(TreePMap.empty(), null);

  /** Where a map comes from: its root and the ids touched on the way. */
  record Lineage(RealDocMap root, PSortedSet<String> touched) {}

  private final TreePMap<String, Object> docs;
  // Volatile because the committing thread clears it while other threads may read it; one field,
  // so a reader never sees a root from one lineage with the ids of another.
  private volatile @Nullable Lineage lineage;
  private int hash;

  private RealDocMap(TreePMap<String, Object> docs, @Nullable Lineage lineage) {
    this.docs = docs;
    this.lineage = lineage;
  }

  /** Returns a root map holding {@code docs}, which must be sorted by id and free of nulls. */
  static RealDocMap ofSorted(SortedMap<String, Object> docs) {
    return new RealDocMap(TreePMap.fromSortedMap(docs), null);
  }

  /** Returns a root map holding the entries of {@code docs}. */
  public static RealDocMap copyOf(Map<String, ?> docs) {
    requireNonNull(docs, "docs");
    if (docs instanceof RealDocMap real) {
      return new RealDocMap(real.docs, null);
    }
    TreePMap<String, Object> tree = TreePMap.empty();
    for (Map.Entry<String, ?> entry : docs.entrySet()) {
      tree = tree.plus(
          requireNonNull(entry.getKey(), "document id must not be null"),
          requireValue(entry.getKey(), entry.getValue()));
    }
    return new RealDocMap(tree, null);
  }

  @Override
  public RealDocMap plus(String id, Object value) {
    requireNonNull(id, "document id must not be null");
    requireValue(id, value);
    if (docs.get(id) == value) {
      return this;
    }
    return derive(docs.plus(id, value), TreePSet.singleton(id));
  }

  @Override
  public RealDocMap plusAll(Map<? extends String, ?> more) {
    requireNonNull(more, "docs");
    TreePMap<String, Object> next = docs;
    PSortedSet<String> touched = TreePSet.empty();
    for (Map.Entry<? extends String, ?> entry : more.entrySet()) {
      String id = requireNonNull(entry.getKey(), "document id must not be null");
      Object value = requireValue(id, entry.getValue());
      if (next.get(id) != value) {
        next = next.plus(id, value);
        touched = touched.plus(id);
      }
    }
    return touched.isEmpty() ? this : derive(next, touched);
  }

  @Override
  public RealDocMap minus(Object id) {
    if (!(id instanceof String key) || !docs.containsKey(key)) {
      return this;
    }
    return derive(docs.minus(key), TreePSet.singleton(key));
  }

  @Override
  public RealDocMap minusAll(Collection<?> ids) {
    requireNonNull(ids, "ids");
    TreePMap<String, Object> next = docs;
    PSortedSet<String> touched = TreePSet.empty();
    for (Object id : ids) {
      if (id instanceof String key && next.containsKey(key)) {
        next = next.minus(key);
        touched = touched.plus(key);
      }
    }
    return touched.isEmpty() ? this : derive(next, touched);
  }

  private RealDocMap derive(TreePMap<String, Object> next, PSortedSet<String> ids) {
    Lineage current = lineage;
    Lineage derived = current == null
        ? new Lineage(this, ids)
        : new Lineage(current.root(), current.touched().plusAll(ids));
    return new RealDocMap(next, derived);
  }

  /** Returns where this map comes from; null when it is a root. */
  @Nullable Lineage lineage() {
    return lineage;
  }

  /** Makes this map a root: maps derived from it from now on log their edits relative to it. */
  void makeRoot() {
    if (lineage != null) {
      lineage = null;
    }
  }

  private static Object requireValue(String id, @Nullable Object value) {
    if (value == null) {
      throw new NullPointerException(
          "value of document \"" + id + "\" must not be null; use minus(id) to remove a document");
    }
    return value;
  }

  @Override
  public @Nullable Object get(Object id) {
    return docs.get(id);
  }

  @Override
  public boolean containsKey(Object id) {
    return docs.containsKey(id);
  }

  @Override
  public int size() {
    return docs.size();
  }

  @Override
  public boolean isEmpty() {
    return docs.isEmpty();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return docs.entrySet();
  }

  @Override
  public Set<String> keySet() {
    return docs.keySet();
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof RealDocMap other) {
      return docs == other.docs || docs.equals(other.docs);
    }
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = docs.hashCode();
      hash = h;
    }
    return h;
  }

  /** Throws: a DocMap is immutable. */
  @Override
  @Deprecated
  public Object put(String id, Object value) {
    throw immutable();
  }

  /** Throws: a DocMap is immutable. */
  @Override
  @Deprecated
  public Object remove(Object id) {
    throw immutable();
  }

  /** Throws: a DocMap is immutable. */
  @Override
  @Deprecated
  public void putAll(Map<? extends String, ?> m) {
    throw immutable();
  }

  /** Throws: a DocMap is immutable. */
  @Override
  @Deprecated
  public void clear() {
    throw immutable();
  }

  private static UnsupportedOperationException immutable() {
    return new UnsupportedOperationException("a DocMap is immutable; use plus and minus");
  }
}
