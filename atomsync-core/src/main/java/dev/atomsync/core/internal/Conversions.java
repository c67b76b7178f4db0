package dev.atomsync.core.internal;

import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;

/**
 * Converts a decoded value to the declared type of the record component it fills. Transit has one
 * integer type, so decoding yields {@code Long}; a component declared {@code int} takes it back
 * only when it fits, never by silent truncation.
 */
final class Conversions {
  private Conversions() {}

  /**
   * Returns {@code value} as a {@code target}; {@code where} names the component in errors.
   *
   * @throws IllegalArgumentException when the value is missing for a primitive, does not fit, or
   *     has a type the component cannot hold
   */
  static Object toComponent(Object value, Class<?> target, String where) {
    if (value == null) {
      if (target.isPrimitive()) {
        throw new IllegalArgumentException(where + " is " + target + " but the value is missing");
      }
      return null;
    }
    Class<?> boxed = MethodType.methodType(target).wrap().returnType();
    if (boxed.isInstance(value)) {
      return value;
    }
    if (value instanceof Number number) {
      Object converted = number(number, boxed, where);
      if (converted != null) {
        return converted;
      }
    } else if (value instanceof Date date && boxed == Instant.class) {
      return date.toInstant();
    } else if (value instanceof Instant instant && boxed == Date.class) {
      return Date.from(instant);
    }
    throw new IllegalArgumentException(
        where + " is " + target.getName() + " but the value is a " + value.getClass().getName());
  }

  private static Object number(Number number, Class<?> boxed, String where) {
    if (boxed == Long.class) {
      return integral(number, Long.MIN_VALUE, Long.MAX_VALUE, where);
    } else if (boxed == Integer.class) {
      return (int) integral(number, Integer.MIN_VALUE, Integer.MAX_VALUE, where);
    } else if (boxed == Short.class) {
      return (short) integral(number, Short.MIN_VALUE, Short.MAX_VALUE, where);
    } else if (boxed == Byte.class) {
      return (byte) integral(number, Byte.MIN_VALUE, Byte.MAX_VALUE, where);
    } else if (boxed == Double.class) {
      return number.doubleValue();
    } else if (boxed == Float.class) {
      return number.floatValue();
    } else if (boxed == BigInteger.class && isSmallIntegral(number)) {
      return BigInteger.valueOf(number.longValue());
    } else if (boxed == BigDecimal.class) {
      return decimal(number, where);
    }
    return null;
  }

  private static long integral(Number number, long min, long max, String where) {
    long value;
    if (isSmallIntegral(number)) {
      value = number.longValue();
    } else if (number instanceof BigInteger big && big.bitLength() < 64) {
      value = big.longValue();
    } else {
      throw new IllegalArgumentException(
          where + " needs an integer from " + min + " to " + max + ", got " + number);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          where + " needs an integer from " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  private static BigDecimal decimal(Number number, String where) {
    if (number instanceof BigInteger big) {
      return new BigDecimal(big);
    } else if (isSmallIntegral(number)) {
      return BigDecimal.valueOf(number.longValue());
    } else if (Double.isFinite(number.doubleValue())) {
      return new BigDecimal(number.toString());
    }
    throw new IllegalArgumentException(where + " needs a finite number, got " + number);
  }

  private static boolean isSmallIntegral(Number number) {
    return number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte;
  }
}
