package dev.atomsync.bench;

import java.util.Arrays;

/** Median, min and max of repeated measurements. */
record Stats(double median, double min, double max) {
  static Stats of(double[] samples) {
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Stats(median, sorted[0], sorted[n - 1]);
  }

  String format() {
    return String.format("%,.0f (min %,.0f, max %,.0f)", median, min, max);
  }
}
