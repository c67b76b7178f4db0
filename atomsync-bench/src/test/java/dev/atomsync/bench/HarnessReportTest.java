package dev.atomsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessReportTest {
  private final HarnessBench.HarnessConfig config =
      HarnessBench.HarnessConfig.parse(new String[] {"3", "1000", "10", "AB"});

  @Test
  void ratiosAreTakenRoundByRoundAndTargetsCheckedOnTheirMedians() {
    Figures figures = new Figures(3);
    double[] ours = {9_000, 4_000, 30_000};
    double[] limit = {10_000, 5_000, 50_000};
    for (int round = 0; round < 3; round++) {
      figures.put("A.ours.1", round, ours[round]);
      figures.put("F.rowTx", round, limit[round]);
      figures.put("A.ours.8", round, 99_000);
    }

    // Round by round: 0.9, 0.8, 0.6; their median 0.8 meets "75% of the limit". The ratio of the
    // medians (9,000 / 10,000) would say otherwise about min and max, not about the target.
    assertThat(figures.ratio("A.ours.1", "F.rowTx").median()).isEqualTo(0.8, within());
    assertThat(figures.ratio("A.ours.1", "F.rowTx").min()).isEqualTo(0.6, within());
    String table = new HarnessReport(config, figures)
        .markdown(ZonedDateTime.of(2026, 12, 2, 12, 0, 0, 0, ZoneOffset.UTC), "0.5");
    assertThat(table)
        .contains("| A. local write, 1 thread | docs/s | 9,000 (4,000–30,000) |")
        .contains("0.80× (0.60–0.90) | ≥ 75% of limit | yes |")
        .contains("≥ 100,000 docs/s | **no** |")
        .doesNotContain("B. sync"); // nothing measured, no row
  }

  @Test
  void aRoundThatDidNotMeasureAFigureIsLeftOutOfItsSummary() {
    Figures figures = new Figures(3);
    figures.put("B.ours.push", 0, 100);
    figures.put("B.ours.push", 2, 300);

    assertThat(figures.stats("B.ours.push")).isEqualTo(new Stats(200, 100, 300));
    assertThat(figures.has("B.ours.pull")).isFalse();
    assertThat(figures.stats("B.ours.pull").median()).isNaN();
  }

  @Test
  void theChartIsAPngWithAPanelPerScenario(@TempDir Path dir) throws Exception {
    Figures figures = new Figures(3);
    for (int round = 0; round < 3; round++) {
      figures.put("A.ours.1", round, 5_000 + round);
      figures.put("C.ours.p50", round, 1.5);
    }
    Path png = dir.resolve("chart.png");

    HarnessChart.write(figures, config, png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(3 * 640);
    assertThat(image.getHeight()).isEqualTo(2 * 420);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
