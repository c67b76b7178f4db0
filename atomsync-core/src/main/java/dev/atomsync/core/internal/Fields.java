package dev.atomsync.core.internal;

import com.cognitect.transit.Keyword;
import dev.atomsync.core.ProtocolException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads typed fields out of decoded Transit maps, failing with a bad-request that names the field.
 */
public final class Fields {
  private final Map<?, ?> map;
  private final String where;

  private Fields(Map<?, ?> map, String where) {
    this.map = map;
    this.where = where;
  }

  /** Returns a reader over {@code value}, which must be a map; {@code where} names it in errors. */
  public static Fields of(Object value, String where) {
    if (!(value instanceof Map<?, ?> map)) {
      throw ProtocolException.badRequest(where + " must be a map, got " + typeName(value));
    }
    return new Fields(map, where);
  }

  /** Returns whether the map has {@code key}, even with a nil value. */
  public boolean has(Keyword key) {
    return map.containsKey(key);
  }

  /** Returns the value of {@code key}, or null when it is missing or nil. */
  public Object get(Keyword key) {
    return map.get(key);
  }

  /**
   * Returns the non-nil value of {@code key}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or nil
   */
  public Object required(Keyword key) {
    Object value = map.get(key);
    if (value == null) {
      throw ProtocolException.badRequest(where + " is missing " + key);
    }
    return value;
  }

  /**
   * Returns the string value of {@code key}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or not a string
   */
  public String string(Keyword key) {
    Object value = required(key);
    if (!(value instanceof String s)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a string, got " + typeName(value));
    }
    return s;
  }

  /**
   * Returns the integer value of {@code key}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or not an integer
   *     that fits a long
   */
  public long integer(Keyword key) {
    Object value = required(key);
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    throw ProtocolException.badRequest(
        where + " " + key + " must be an integer, got " + typeName(value));
  }

  /**
   * Returns the integer value of {@code key} when it is 0 or more.
   *
   * @throws ProtocolException a bad request naming the field otherwise
   */
  public long nonNegative(Keyword key) {
    long value = integer(key);
    if (value < 0) {
      throw ProtocolException.badRequest(where + " " + key + " must not be negative: " + value);
    }
    return value;
  }

  /**
   * Returns the boolean value of {@code key}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or not a boolean
   */
  public boolean bool(Keyword key) {
    Object value = required(key);
    if (!(value instanceof Boolean b)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a boolean, got " + typeName(value));
    }
    return b;
  }

  /**
   * Returns the UUID value of {@code key}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or not a UUID
   */
  public UUID uuid(Keyword key) {
    Object value = required(key);
    if (!(value instanceof UUID u)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a UUID, got " + typeName(value));
    }
    return u;
  }

  /**
   * Returns the keyword value of {@code key}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or not a keyword
   */
  public Keyword keyword(Keyword key) {
    Object value = required(key);
    if (!(value instanceof Keyword k)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a keyword, got " + typeName(value));
    }
    return k;
  }

  /**
   * Returns the vector (or list) value of {@code key}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or not a list
   */
  public List<?> list(Keyword key) {
    Object value = required(key);
    if (!(value instanceof List<?> list)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a vector, got " + typeName(value));
    }
    return list;
  }

  /**
   * Returns the instant value of {@code key}, from a {@code Date} or an {@code Instant}.
   *
   * @throws ProtocolException a bad request naming the field when it is missing or not an instant
   */
  public Instant instant(Keyword key) {
    Object value = required(key);
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    throw ProtocolException.badRequest(
        where + " " + key + " must be an instant, got " + typeName(value));
  }

  /** Returns the Transit name of {@code value}'s type, for error messages. */
  static String typeName(Object value) {
    return switch (value) {
      case null -> "nil";
      case String s -> "string";
      case Keyword k -> "keyword " + k;
      case Boolean b -> "boolean";
      case Long n -> "integer";
      case Integer n -> "integer";
      case Number n -> n.getClass().getSimpleName();
      case Map<?, ?> m -> "map";
      case List<?> l -> "vector";
      case java.util.Set<?> s -> "set";
      case com.cognitect.transit.TaggedValue<?> t -> "tagged value #" + t.getTag();
      default -> value.getClass().getSimpleName();
    };
  }
}
