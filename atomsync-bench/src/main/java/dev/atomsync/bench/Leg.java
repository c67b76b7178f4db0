package dev.atomsync.bench;

/**
 * One leg of an end-to-end benchmark: our figure and its limit, measured right after each other
 * in every round, so that a machine that gets busier or quieter moves both alike.
 */
final class Leg {
  private final String name;
  private final double[] ours;
  private final double[] limit;
  private final double[] codecShare;
  private boolean codecMeasured;

  Leg(String name, int rounds) {
    this.name = name;
    this.ours = new double[rounds];
    this.limit = new double[rounds];
    this.codecShare = new double[rounds];
  }

  void limit(int round, double perSecond) {
    limit[round] = perSecond;
  }

  void ours(int round, double perSecond) {
    ours[round] = perSecond;
  }

  /**
   * Records that the client spent {@code seconds} of the round's {@code docs} in its codec (summed
   * over its threads), to show what share of the leg's time the client itself takes.
   */
  void codec(int round, double seconds, int docs) {
    codecShare[round] = seconds / (docs / ours[round]);
    codecMeasured = true;
  }

  /** Returns one round's figures, for the progress lines. */
  String round(int round) {
    String line = String.format("%s: %,.0f docs/s beside %,.0f rows/s (%.0f%%)",
        name, ours[round], limit[round], 100 * ours[round] / limit[round]);
    return codecMeasured
        ? line + String.format("; client codec %.0f%% of the time", 100 * codecShare[round])
        : line;
  }

  /** Returns the line on the client's codec share, or "" when not measured. */
  String codecShare() {
    if (!codecMeasured) {
      return "";
    }
    Stats share = Stats.of(codecShare);
    return String.format("%s: the client's own encoding and decoding took %.0f%% of the leg's"
            + " time (min %.0f%%, max %.0f%%; summed over its threads)",
        name, 100 * share.median(), 100 * share.min(), 100 * share.max());
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
