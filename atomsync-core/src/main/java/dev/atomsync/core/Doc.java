package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A document's latest server state: {@code {:id :value :version :deleted :seq :updated}}. A
 * tombstone has {@code deleted} true and a null value.
 *
 * <p>{@code updated} travels as Transit's instant, which JavaScript and ClojureScript read as their
 * date and which has millisecond precision, so it is kept to whole milliseconds: a document equals
 * itself after a trip over the wire.
 */
public record Doc(
    String id, @Nullable Object value, long version, boolean deleted, long seq, Instant updated) {

  /** Returns a document, {@code updated} cut to whole milliseconds. */
  public Doc {
    updated = updated.truncatedTo(ChronoUnit.MILLIS);
  }

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
