package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A document's latest server state: {@code {:id :value :version :deleted :seq :updated}}.
 * A tombstone has {@code deleted} true and a null value.
 */
public record Doc(
    String id, @Nullable Object value, long version, boolean deleted, long seq, Instant updated) {

  /** Returns the Transit map of this document. */
  public Map<Object, Object> toTransit() {
    Map<Object, Object> map = new LinkedHashMap<>(12);
    map.put(ID, id);
    map.put(VALUE, value);
    map.put(VERSION, version);
    map.put(DELETED, deleted);
    map.put(SEQ, seq);
    map.put(UPDATED, Date.from(updated));
    return map;
  }

  /**
   * Returns the document a decoded Transit map describes.
   *
   * @throws ProtocolException when a field is missing or of the wrong type
   */
  public static Doc fromTransit(Object transit) {
    Fields f = Fields.of(transit, "doc");
    return new Doc(
        f.string(ID),
        f.get(VALUE),
        f.nonNegative(VERSION),
        f.bool(DELETED),
        f.nonNegative(SEQ),
        f.instant(UPDATED));
  }
}
