package dev.atomsync.server.internal;

import java.time.Instant;

/**
 * Converts instants to and from the epoch microseconds both stores keep.
 *
 * <p>Microseconds, not nanoseconds, because that is the finest time PostgreSQL keeps too, so both
 * stores report the same {@code updated} for the same clock.
 */
public final class Micros {
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private Micros() {}

  /** Returns {@code instant} in epoch microseconds, saturated at the range of a long. */
  public static long of(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / MICROS_PER_SECOND) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / MICROS_PER_SECOND) {
      return Long.MIN_VALUE;
    }
    return seconds * MICROS_PER_SECOND + instant.getNano() / 1_000;
  }

  /** Returns the instant {@code micros} epoch microseconds stand for. */
  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1_000);
  }
}
