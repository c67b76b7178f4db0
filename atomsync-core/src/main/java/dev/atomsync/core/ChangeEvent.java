package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.LinkedHashMap;
import java.util.Map;

/** The data of a live {@code change} event: group G has committed writes up to {@code cursor}. */
public record ChangeEvent(String group, long cursor) {

  /** Returns the Transit map of this event. */
  public Map<Object, Object> toTransit() {
    Map<Object, Object> map = new LinkedHashMap<>(4);
    map.put(GROUP, group);
    map.put(CURSOR, cursor);
    return map;
  }

  /**
   * Returns the event a decoded Transit map describes.
   *
   * @throws ProtocolException when it is malformed
   */
  public static ChangeEvent fromTransit(Object transit) {
    Fields f = Fields.of(transit, "change event");
    return new ChangeEvent(f.string(GROUP), f.nonNegative(CURSOR));
  }
}
