package dev.atomsync.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of one harness run: named series with one value per round. Ratios are taken round
 * by round (ours and its peer or limit were measured side by side in that round) and only then
 * summarised, so a round on a busier machine moves both sides of its ratio alike.
 */
final class Figures {
  private final int rounds;
  private final Map<String, double[]> series = new LinkedHashMap<>();

  Figures(int rounds) {
    this.rounds = rounds;
  }

  int rounds() {
    return rounds;
  }

  /** Records {@code value} of {@code key} for {@code round}. */
  void put(String key, int round, double value) {
    series.computeIfAbsent(key, k -> filled(Double.NaN))[round] = value;
  }

  boolean has(String key) {
    return series.containsKey(key) && Arrays.stream(series.get(key)).anyMatch(v -> !Double.isNaN(v));
  }

  /** Returns the median, min and max of {@code key} over the rounds that measured it. */
  Stats stats(String key) {
    return summary(present(series.getOrDefault(key, new double[0])));
  }

  /** Returns the median, min and max of {@code numerator ÷ denominator}, round by round. */
  Stats ratio(String numerator, String denominator) {
    double[] top = series.getOrDefault(numerator, filled(Double.NaN));
    double[] bottom = series.getOrDefault(denominator, filled(Double.NaN));
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratios[i] = top[i] / bottom[i];
    }
    return summary(present(ratios));
  }

  /** Returns the median of {@code key}, or empty when no round measured it. */
  OptionalDouble median(String key) {
    return has(key) ? OptionalDouble.of(stats(key).median()) : OptionalDouble.empty();
  }

  /** Returns every series, for the raw figures file. */
  Map<String, double[]> all() {
    return series;
  }

  private double[] filled(double value) {
    double[] values = new double[rounds];
    Arrays.fill(values, value);
    return values;
  }

  private static Stats summary(double[] values) {
    return values.length == 0 ? new Stats(Double.NaN, Double.NaN, Double.NaN) : Stats.of(values);
  }

  private static double[] present(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v) && !Double.isInfinite(v)).toArray();
  }
}
