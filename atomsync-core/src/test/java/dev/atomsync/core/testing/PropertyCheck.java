package dev.atomsync.core.testing;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Runs a property against generated values, the way a property-testing library would: many tries,
 * each from its own seed, a failure shrunk to the smallest failing part and reported with the seed
 * that reproduces it.
 *
 * <p>The base seed is random per run; pass {@code -Datomsync.seed=N} to replay a reported one.
 */
public final class PropertyCheck {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private PropertyCheck() {}

  /**
   * Checks {@code property} for {@code tries} values made by {@code generator}; {@code parts}
   * returns the smaller values inside a failing one to try next.
   *
   * @throws AssertionError naming the seed, the try and the smallest failing value
   */
  public static <T> void forAll(
      int tries,
      Function<RandomGenerator, T> generator,
      Function<T, List<T>> parts,
      Consumer<T> property) {
    long base = Long.getLong("atomsync.seed", new SplittableRandom().nextLong());
    for (int i = 0; i < tries; i++) {
      T value = generator.apply(new SplittableRandom(base + i * GOLDEN_GAMMA));
      Throwable failure = failure(property, value);
      if (failure != null) {
        T smallest = shrink(value, parts, property);
        Throwable smallestFailure = failure(property, smallest);
        throw new AssertionError(
            "property failed on try "
                + i
                + " of "
                + tries
                + " (replay with -Datomsync.seed="
                + base
                + ")\n smallest failing value: "
                + TransitEquality.show(smallest)
                + "\n whole value: "
                + TransitEquality.show(value),
            smallestFailure);
      }
    }
  }

  /** Checks {@code property} for Transit values nested at most {@code depth} deep. */
  public static void forAllValues(int tries, int depth, Consumer<Object> property) {
    forAll(tries, random -> new TransitGen(random).value(depth), TransitGen::parts, property);
  }

  private static <T> T shrink(T value, Function<T, List<T>> parts, Consumer<T> property) {
    T current = value;
    boolean smaller = true;
    while (smaller) {
      smaller = false;
      for (T part : parts.apply(current)) {
        if (failure(property, part) != null) {
          current = part;
          smaller = true;
          break;
        }
      }
    }
    return current;
  }

  private static <T> Throwable failure(Consumer<T> property, T value) {
    try {
      property.accept(value);
      return null;
    } catch (AssertionError | RuntimeException e) {
      return e;
    }
  }
}
