package dev.atomsync.client.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half
 * and all of {@code min(initial * 2^n, max)}, so that many clients of a server that comes back do
 * not all retry at the same instant. Not thread-safe: one sync thread owns it.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;
  private int failures;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = Math.max(max.toNanos(), initialNanos);
    this.random = random;
  }

  /** Records one more failure and returns how long to wait before the next attempt. */
  Duration next() {
    long ceiling = initialNanos << Math.min(failures, 30);
    if (ceiling <= 0 || ceiling > maxNanos) {
      ceiling = maxNanos;
    }
    failures++;
    long half = ceiling / 2;
    return Duration.ofNanos(half + random.nextLong(half + 1));
  }

  /** Returns how many failures in a row were recorded since the last {@link #reset()}. */
  int failures() {
    return failures;
  }

  /** Forgets the failures: the next one waits the initial time again. */
  void reset() {
    failures = 0;
  }
}
