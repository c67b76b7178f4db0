package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change of a push: {@code {:id :op :value :base :change}}. A put carries a non-null value, a
 * delete none; {@code base} is the version the change was made on (0 for a new document).
 */
public record Change(String id, Op op, @Nullable Object value, long base, UUID change) {

  /**
   * Returns a change after checking it.
   *
   * @throws IllegalArgumentException when a put has no value, a delete has one, or {@code base}
   *     is negative
   */
  public Change {
    if (op == Op.PUT && value == null) {
      throw new IllegalArgumentException("a put needs a value: " + id);
    }
    if (op == Op.DELETE && value != null) {
      throw new IllegalArgumentException("a delete carries no value: " + id);
    }
    if (base < 0) {
      throw new IllegalArgumentException("base must not be negative: " + base);
    }
  }

  /** Returns a put of {@code value} on version {@code base} with a new change id. */
  public static Change put(String id, Object value, long base) {
    return new Change(id, Op.PUT, value, base, UUID.randomUUID());
  }

  /** Returns a delete on version {@code base} with a new change id. */
  public static Change delete(String id, long base) {
    return new Change(id, Op.DELETE, null, base, UUID.randomUUID());
  }

  /** Returns the Transit map of this change. */
  public Map<Object, Object> toTransit() {
    Map<Object, Object> map = new LinkedHashMap<>(10);
    map.put(ID, id);
    map.put(OP, op.keyword());
    if (op == Op.PUT) {
      map.put(VALUE, value);
    }
    map.put(BASE, base);
    map.put(CHANGE, change);
    return map;
  }

  /**
   * Returns the change a decoded Transit map describes, checking that its id is in {@code group}.
   *
   * @throws ProtocolException when a field is missing, of the wrong type, or the id is outside
   *     the group
   */
  static Change fromTransit(Object transit, String group) {
    Fields f = Fields.of(transit, "change");
    String id = f.string(ID);
    try {
      Ids.requireIdIn(id, group);
    } catch (IllegalArgumentException e) {
      throw ProtocolException.badRequest(e.getMessage());
    }
    Op op = Op.of(f.required(OP));
    Object value = null;
    if (op == Op.PUT) {
      if (!f.has(VALUE)) {
        throw ProtocolException.badRequest("put of " + Ids.quote(id) + " is missing :value");
      }
      value = f.get(VALUE);
      if (value == null) {
        throw ProtocolException.badRequest(
            "put of " + Ids.quote(id) + " has a nil :value (use :op :delete to delete)");
      }
    }
    return new Change(id, op, value, f.nonNegative(BASE), f.uuid(CHANGE));
  }
}
