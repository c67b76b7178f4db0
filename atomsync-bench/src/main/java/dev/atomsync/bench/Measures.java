package dev.atomsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Small helpers the end-to-end harnesses share: percentiles, units, the machine's load. */
final class Measures {
  private Measures() {}

  /** Nearest-rank percentile of {@code values}; NaN when empty. */
  static double pct(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Converts nanoseconds to milliseconds. */
  static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** Returns the 1, 5 and 15 minute load averages as {@code uptime} prints them. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Waits up to one second for {@code mark} to be set. */
  static void awaitMark(AtomicLong mark) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (mark.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(0, 100_000);
    }
  }

  /** Throws {@link IllegalStateException} with {@code message} unless {@code condition}. */
  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
