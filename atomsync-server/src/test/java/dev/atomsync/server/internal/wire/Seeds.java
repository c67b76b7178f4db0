package dev.atomsync.server.internal.wire;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a check many times, each from its own seed, and names the seed of a failure. The base seed
 * is random per run; {@code -Datomsync.seed=N} replays a reported one.
 */
public final class Seeds {
  private Seeds() {}

  public static void forEach(int tries, Consumer<SplittableRandom> check) {
    long base = Long.getLong("atomsync.seed", new SplittableRandom().nextLong());
    for (int i = 0; i < tries; i++) {
      try {
        check.accept(new SplittableRandom(base + i));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "failed on try "
                + i
                + " of "
                + tries
                + " (replay with -Datomsync.seed="
                + (base + i)
                + ")",
            e);
      }
    }
  }
}
