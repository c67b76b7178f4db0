package dev.atomsync.core.internal;

import com.cognitect.transit.Keyword;
import dev.atomsync.core.ProtocolException;
import java.math.BigInteger;
import java.util.Date;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads typed fields out of decoded Transit maps, failing with a bad-request that names the field. */
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

  public boolean has(Keyword key) {
    return map.containsKey(key);
  }

  public Object get(Keyword key) {
    return map.get(key);
  }

  public Object required(Keyword key) {
    Object value = map.get(key);
    if (value == null) {
      throw ProtocolException.badRequest(where + " is missing " + key);
    }
    return value;
  }

  public String string(Keyword key) {
    Object value = required(key);
    if (!(value instanceof String s)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a string, got " + typeName(value));
    }
    return s;
  }

  public long integer(Keyword key) {
    Object value = required(key);
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    throw ProtocolException.badRequest(
        where + " " + key + " must be an integer, got " + typeName(value));
  }

  public long nonNegative(Keyword key) {
    long value = integer(key);
    if (value < 0) {
      throw ProtocolException.badRequest(where + " " + key + " must not be negative: " + value);
    }
    return value;
  }

  public boolean bool(Keyword key) {
    Object value = required(key);
    if (!(value instanceof Boolean b)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a boolean, got " + typeName(value));
    }
    return b;
  }

  public UUID uuid(Keyword key) {
    Object value = required(key);
    if (!(value instanceof UUID u)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a UUID, got " + typeName(value));
    }
    return u;
  }

  public Keyword keyword(Keyword key) {
    Object value = required(key);
    if (!(value instanceof Keyword k)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a keyword, got " + typeName(value));
    }
    return k;
  }

  public List<?> list(Keyword key) {
    Object value = required(key);
    if (!(value instanceof List<?> list)) {
      throw ProtocolException.badRequest(
          where + " " + key + " must be a vector, got " + typeName(value));
    }
    return list;
  }

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

  static String typeName(Object value) {
    return value == null ? "nil" : value.getClass().getSimpleName();
  }
}
