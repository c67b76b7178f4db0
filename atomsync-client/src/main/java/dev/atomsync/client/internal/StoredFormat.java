package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalStoreException;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How document values are kept in a local store: Transit JSON, readable with the {@code sqlite3}
 * shell when debugging. Decoded collections are made unmodifiable, so a value loaded from the store
 * is as immutable as the atom that holds it (collections inside records stay as decoded).
 */
final class StoredFormat {
  static final WireFormat FORMAT = WireFormat.JSON;

  private StoredFormat() {}

  /**
   * Returns the values of {@code encoded}, decoded once each, as a root map for an atom.
   *
   * @throws LocalStoreException when a value cannot be decoded; the message names the document
   */
  static RealDocMap decodeAll(Codec codec, SortedMap<String, byte[]> encoded) {
    SortedMap<String, Object> decoded = new TreeMap<>();
    for (Map.Entry<String, byte[]> entry : encoded.entrySet()) {
      decoded.put(entry.getKey(), decode(codec, entry.getKey(), entry.getValue()));
    }
    return RealDocMap.ofSorted(decoded);
  }

  /**
   * Returns the stored value of document {@code id}, decoded and frozen.
   *
   * @throws LocalStoreException when it cannot be decoded; the message names the document
   */
  static Object decode(Codec codec, String id, byte[] bytes) {
    try {
      return freezeOwned(codec.decode(bytes, FORMAT));
    } catch (CodecException e) {
      throw new LocalStoreException(
          "stored value of document \"" + id + "\" cannot be decoded: " + e.getMessage(), e);
    }
  }

  /**
   * Returns {@code value}, just decoded and held by nothing else, made unmodifiable as {@link
   * #freeze} makes it, but in place where it can: lists and maps have their elements frozen and are
   * wrapped, not copied. A set, whose elements cannot be replaced, and a map with a collection as
   * a key are copied if they hold a collection. Copying was a fifth of a pulled document's cost.
   */
  @SuppressWarnings("unchecked")
  static Object freezeOwned(Object value) {
    if (value instanceof Map<?, ?> map) {
      if (anyCollection(map.keySet())) {
        return freeze(map);
      }
      ((Map<Object, Object>) map).replaceAll((k, v) -> v == null ? null : freezeOwned(v));
      return Collections.unmodifiableMap(map);
    }
    if (value instanceof List<?> list) {
      ((List<Object>) list).replaceAll(element -> element == null ? null : freezeOwned(element));
      return Collections.unmodifiableList(list);
    }
    if (value instanceof Set<?> set) {
      return anyCollection(set) ? freeze(set) : Collections.unmodifiableSet(set);
    }
    return value;
  }

  private static boolean anyCollection(Iterable<?> values) {
    for (Object value : values) {
      if (value instanceof Map<?, ?> || value instanceof List<?> || value instanceof Set<?>) {
        return true;
      }
    }
    return false;
  }

  /** Returns {@code value} with every list, set and map in it unmodifiable. */
  static Object freeze(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
      map.forEach((k, v) -> copy.put(k == null ? null : freeze(k), v == null ? null : freeze(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      // A Transit list decodes as a LinkedList and an array as an ArrayList; keep which it was.
      List<Object> copy =
          list instanceof RandomAccess ? new ArrayList<>(list.size()) : new LinkedList<>();
      for (Object element : list) {
        copy.add(element == null ? null : freeze(element));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Set<?> set) {
      Set<Object> copy = new LinkedHashSet<>(set.size() * 4 / 3 + 1);
      for (Object element : set) {
        copy.add(element == null ? null : freeze(element));
      }
      return Collections.unmodifiableSet(copy);
    }
    return value;
  }
}
