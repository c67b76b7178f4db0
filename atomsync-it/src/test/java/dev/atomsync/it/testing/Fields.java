package dev.atomsync.it.testing;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Documents as maps of fields, for histories where clients write fields of one document. */
public final class Fields {
  private Fields() {}

  /** Returns {@code old}'s fields (none unless it is a map) with {@code fields} put over them. */
  public static Map<Object, Object> with(@Nullable Object old, Map<Object, Object> fields) {
    Map<Object, Object> next = new HashMap<>();
    if (old instanceof Map<?, ?> map) {
      map.forEach(next::put);
    }
    next.putAll(fields);
    return Map.copyOf(next);
  }
}
