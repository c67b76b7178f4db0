package dev.atomsync.bench;

/**
 * One leg of an end-to-end benchmark: our figure and its limit, measured right after each other
 * in every round, so that a machine that gets busier or quieter moves both alike.
 */
final class Leg {
  private final String name;
  private final double[] ours;
  private final double[] limit;

  Leg(String name, int rounds) {
    this.name = name;
    this.ours = new double[rounds];
    this.limit = new double[rounds];
  }

  void limit(int round, double perSecond) {
    limit[round] = perSecond;
  }

  void ours(int round, double perSecond) {
    ours[round] = perSecond;
  }

  /** Returns one round's figures, for the progress lines. */
  String round(int round) {
    return String.format("%s: %,.0f docs/s beside %,.0f rows/s (%.0f%%)",
        name, ours[round], limit[round], 100 * ours[round] / limit[round]);
  }

  /** Returns the table row; ratios are taken round by round, then summarised. */
  String row() {
    double[] ratio = new double[ours.length];
    for (int i = 0; i < ours.length; i++) {
      ratio[i] = ours[i] / limit[i];
    }
    Stats r = Stats.of(ratio);
    return String.format("| %s | %s | %s | %.0f%% (min %.0f%%, max %.0f%%) |",
        name, Stats.of(ours).format(), Stats.of(limit).format(),
        100 * r.median(), 100 * r.min(), 100 * r.max());
  }
}
