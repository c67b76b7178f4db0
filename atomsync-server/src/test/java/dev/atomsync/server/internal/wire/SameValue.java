package dev.atomsync.server.internal.wire;

import com.cognitect.transit.Ratio;
import com.cognitect.transit.TaggedValue;
import com.cognitect.transit.impl.LinkImpl;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Deep equality for decoded Transit values: byte arrays by content, maps and sets entry by entry in
 * order (decoding keeps the written order), lists of the same kind (vector or list), tagged values
 * by tag and rep, everything else by {@code equals} and class.
 */
final class SameValue {
  private SameValue() {}

  /** Fails, naming the first place they differ, unless {@code actual} is {@code expected}. */
  static void check(Object expected, Object actual) {
    check(expected, actual, "value");
  }

  private static void check(Object expected, Object actual, String path) {
    if (expected == actual) {
      return;
    }
    if (expected == null || actual == null) {
      throw differ(expected, actual, path);
    }
    switch (expected) {
      case byte[] bytes -> {
        if (!(actual instanceof byte[] other) || !Arrays.equals(bytes, other)) {
          throw differ(expected, actual, path);
        }
      }
      case Map<?, ?> map -> {
        if (!(actual instanceof Map<?, ?> other) || map.size() != other.size()) {
          throw differ(expected, actual, path);
        }
        Iterator<? extends Map.Entry<?, ?>> them = other.entrySet().iterator();
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          Map.Entry<?, ?> theirs = them.next();
          check(entry.getKey(), theirs.getKey(), path + ".key" + i);
          check(entry.getValue(), theirs.getValue(), path + "[" + entry.getKey() + "]");
          i++;
        }
      }
      case Set<?> set -> {
        if (!(actual instanceof Set<?> other)) {
          throw differ(expected, actual, path);
        }
        sameItems(set, other, path);
      }
      case List<?> list -> {
        if (!(actual instanceof List<?> other)
            || (list instanceof RandomAccess) != (other instanceof RandomAccess)) {
          throw differ(expected, actual, path);
        }
        sameItems(list, other, path);
      }
      case LinkImpl link -> {
        // transit-java's link has no equals; it is a map underneath.
        if (!(actual instanceof LinkImpl other)) {
          throw differ(expected, actual, path);
        }
        check(link.toMap(), other.toMap(), path + ".link");
      }
      case Ratio ratio -> {
        // transit-java's ratio cannot compare one with a nil part, which a ratio tag can give.
        if (!(actual instanceof Ratio other)) {
          throw differ(expected, actual, path);
        }
        check(ratio.getNumerator(), other.getNumerator(), path + ".numerator");
        check(ratio.getDenominator(), other.getDenominator(), path + ".denominator");
      }
      case TaggedValue<?> tagged -> {
        if (!(actual instanceof TaggedValue<?> other) || !tagged.getTag().equals(other.getTag())) {
          throw differ(expected, actual, path);
        }
        check(tagged.getRep(), other.getRep(), path + "#" + tagged.getTag());
      }
      default -> {
        if (expected.getClass() != actual.getClass() || !expected.equals(actual)) {
          throw differ(expected, actual, path);
        }
      }
    }
  }

  private static void sameItems(Iterable<?> expected, Iterable<?> actual, String path) {
    Iterator<?> them = actual.iterator();
    int i = 0;
    for (Object item : expected) {
      if (!them.hasNext()) {
        throw new AssertionError(path + " has fewer items than expected");
      }
      check(item, them.next(), path + "[" + i++ + "]");
    }
    if (them.hasNext()) {
      throw new AssertionError(path + " has more items than expected");
    }
  }

  private static AssertionError differ(Object expected, Object actual, String path) {
    return new AssertionError(
        path + " differs:\n expected " + show(expected) + "\n actual   " + show(actual));
  }

  private static String show(Object value) {
    if (value == null) {
      return "nil";
    }
    String text = value instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(value);
    return text + " (" + value.getClass().getSimpleName() + ")";
  }
}
