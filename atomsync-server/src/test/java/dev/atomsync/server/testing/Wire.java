package dev.atomsync.server.testing;

import com.cognitect.transit.Keyword;
import dev.atomsync.core.Transit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Protocol messages as plain Transit maps, written by hand from PROTOCOL.md rather than through the
 * core's message records, so that tests check the wire shape itself.
 */
public final class Wire {
  /** The {@code :client} every test push names. */
  public static final String CLIENT = "test-client";

  private Wire() {}

  /** Returns the keyword {@code :name}. */
  public static Keyword kw(String name) {
    return Transit.kw(name);
  }

  /** Returns {@code {:id id :op :put :value value :base base :change change}}. */
  public static Map<Object, Object> put(String id, Object value, long base, UUID change) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(kw("id"), id);
    map.put(kw("op"), kw("put"));
    map.put(kw("value"), value);
    map.put(kw("base"), base);
    map.put(kw("change"), change);
    return map;
  }

  /** Returns a put with a new change id. */
  public static Map<Object, Object> put(String id, Object value, long base) {
    return put(id, value, base, UUID.randomUUID());
  }

  /** Returns {@code {:id id :op :delete :base base :change change}}. */
  public static Map<Object, Object> delete(String id, long base, UUID change) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(kw("id"), id);
    map.put(kw("op"), kw("delete"));
    map.put(kw("base"), base);
    map.put(kw("change"), change);
    return map;
  }

  /** Returns a delete with a new change id. */
  public static Map<Object, Object> delete(String id, long base) {
    return delete(id, base, UUID.randomUUID());
  }

  /** Returns {@code {:group group :client "test-client" :changes [...]}}. */
  public static Map<Object, Object> push(String group, List<? extends Map<Object, Object>> changes) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(kw("group"), group);
    map.put(kw("client"), CLIENT);
    map.put(kw("changes"), new ArrayList<Object>(changes));
    return map;
  }

  /** Returns a copy of {@code map} without {@code :key}. */
  public static Map<Object, Object> without(Map<Object, Object> map, String key) {
    Map<Object, Object> copy = new LinkedHashMap<>(map);
    copy.remove(kw(key));
    return copy;
  }

  /** Returns a copy of {@code map} with {@code :key} set to {@code value}. */
  public static Map<Object, Object> with(Map<Object, Object> map, String key, @Nullable Object value) {
    Map<Object, Object> copy = new LinkedHashMap<>(map);
    copy.put(kw(key), value);
    return copy;
  }

  /** Returns the value of {@code :key} in the Transit map {@code map}. */
  public static @Nullable Object field(Object map, String key) {
    if (!(map instanceof Map<?, ?> m)) {
      throw new AssertionError("expected a Transit map, got " + map);
    }
    return m.get(kw(key));
  }

  /** Returns {@code :key} of {@code map} as a long. */
  public static long longField(Object map, String key) {
    Object value = field(map, key);
    if (!(value instanceof Long l)) {
      throw new AssertionError(":" + key + " is not an integer in " + map);
    }
    return l;
  }
}
