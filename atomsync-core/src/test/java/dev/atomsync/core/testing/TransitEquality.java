package dev.atomsync.core.testing;

import com.cognitect.transit.TaggedValue;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Deep equality for decoded Transit values: byte arrays by content (also inside records, sets and
 * map keys), lists of the same kind (vector or list), and everything else by {@code equals} and
 * exact class. {@code Double.equals} already treats NaN as equal to itself.
 */
public final class TransitEquality {
  private TransitEquality() {}

  /** Returns whether {@code a} and {@code b} are the same Transit value. */
  public static boolean same(Object a, Object b) {
    if (a == b) {
      return true;
    } else if (a == null || b == null) {
      return false;
    } else if (a instanceof byte[] x) {
      return b instanceof byte[] y && Arrays.equals(x, y);
    } else if (a instanceof List<?> x) {
      return b instanceof List<?> y
          && (x instanceof RandomAccess) == (y instanceof RandomAccess)
          && sameInOrder(x, y);
    } else if (a instanceof Set<?> x) {
      return b instanceof Set<?> y && sameAnyOrder(new ArrayList<>(x), new ArrayList<>(y));
    } else if (a instanceof Map<?, ?> x) {
      return b instanceof Map<?, ?> y
          && sameAnyOrder(new ArrayList<>(x.entrySet()), new ArrayList<>(y.entrySet()));
    } else if (a instanceof Map.Entry<?, ?> x) {
      return b instanceof Map.Entry<?, ?> y
          && same(x.getKey(), y.getKey())
          && same(x.getValue(), y.getValue());
    } else if (a instanceof Record x) {
      return a.getClass() == b.getClass() && sameComponents(x, (Record) b);
    } else if (a instanceof TaggedValue<?> x) {
      return b instanceof TaggedValue<?> y
          && x.getTag().equals(y.getTag())
          && same(x.getRep(), y.getRep());
    }
    return a.getClass() == b.getClass() && a.equals(b);
  }

  /**
   * Fails with both values shown when they are not the same Transit value.
   *
   * @throws AssertionError when they differ
   */
  public static void assertSame(Object expected, Object actual) {
    if (!same(expected, actual)) {
      throw new AssertionError("expected " + show(expected) + "\n but got " + show(actual));
    }
  }

  /** Returns a readable form of {@code value}: its Transit JSON, or its string when it has none. */
  public static String show(Object value) {
    try {
      return new String(Fixtures.CODEC.encode(value, WireFormat.JSON), StandardCharsets.UTF_8)
          + " ("
          + (value == null ? "null" : value.getClass().getName())
          + ")";
    } catch (RuntimeException e) {
      return String.valueOf(value);
    }
  }

  private static boolean sameInOrder(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Matches every element of {@code a} with a distinct element of {@code b}; sizes are tiny. */
  private static boolean sameAnyOrder(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    List<?> unmatched = new ArrayList<>(b);
    for (Object x : a) {
      Iterator<?> candidates = unmatched.iterator();
      boolean found = false;
      while (candidates.hasNext()) {
        if (same(x, candidates.next())) {
          candidates.remove();
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameComponents(Record a, Record b) {
    for (RecordComponent component : a.getClass().getRecordComponents()) {
      try {
        component.getAccessor().setAccessible(true);
        if (!same(component.getAccessor().invoke(a), component.getAccessor().invoke(b))) {
          return false;
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return true;
  }

  /** Returns {@code codec}'s round trip of {@code value} through {@code format}. */
  public static Object roundTrip(Codec codec, Object value, WireFormat format) {
    return codec.decode(codec.encode(value, format), format);
  }
}
