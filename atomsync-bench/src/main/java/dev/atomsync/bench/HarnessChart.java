package dev.atomsync.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the harness's medians as one PNG: a bar chart per scenario, AtomSync beside its peers and
 * limits, on log axes since the figures span orders of magnitude.
 */
final class HarnessChart {
  private static final int PANEL_WIDTH = 640;
  private static final int PANEL_HEIGHT = 420;
  private static final int COLUMNS = 3;

  private HarnessChart() {}

  /** A bar of the chart: the series it belongs to, its category and the figure's key. */
  private record Bar(String series, String category, String key) {}

  /** One panel: a title, the value axis label and its bars. */
  private record Panel(String title, String axis, List<Bar> bars) {}

  static void write(Figures figures, HarnessBench.HarnessConfig config, Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Panel> panels = panels(config.liveClients());
    int rows = (panels.size() + COLUMNS - 1) / COLUMNS;
    BufferedImage image = new BufferedImage(PANEL_WIDTH * COLUMNS, PANEL_HEIGHT * rows,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < panels.size(); i++) {
      JFreeChart chart = chart(panels.get(i), figures);
      chart.draw(g, new Rectangle2D.Double((i % COLUMNS) * PANEL_WIDTH,
          (i / COLUMNS) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static List<Panel> panels(List<Integer> liveClients) {
    List<Bar> live = new java.util.ArrayList<>();
    for (int clients : liveClients) {
      String category = String.format("%,d clients", clients);
      live.add(new Bar("heap after GC (MiB)", category, "D." + clients + ".heap"));
      live.add(new Bar("RSS (MiB)", category, "D." + clients + ".rss"));
      live.add(new Bar("one write reaches all (ms)", category, "D." + clients + ".fanout"));
    }
    return List.of(
        new Panel("A. durable local writes", "docs/s", List.of(
            new Bar("AtomSync swap", "1 thread", "A.ours.1"),
            new Bar("PouchDB put", "1 thread", "A.pouch.1"),
            new Bar("SQLite, 1 row a transaction", "1 thread", "F.rowTx"),
            new Bar("AtomSync swap", "8 threads", "A.ours.8"),
            new Bar("PouchDB put", "8 threads", "A.pouch.8"),
            new Bar("SQLite, 1 row a transaction", "8 threads", "F.rowTx"))),
        new Panel("B. sync 100,000 docs", "docs/s", List.of(
            new Bar("AtomSync", "push A → server", "B.ours.push"),
            new Bar("PouchDB replication", "push A → server", "B.pouch.push"),
            new Bar("SQLite batched insert", "push A → server", "F.batched"),
            new Bar("AtomSync", "pull server → fresh B", "B.ours.pull"),
            new Bar("PouchDB replication", "pull server → fresh B", "B.pouch.pull"),
            new Bar("SQLite batched insert", "pull server → fresh B", "F.batched"))),
        new Panel("C. live propagation, write on A → B sees it", "ms (lower is better)",
            List.of("p50", "p95", "p99").stream().flatMap(p -> List.of(
                new Bar("AtomSync", p, "C.ours." + p),
                new Bar("PouchDB live sync", p, "C.pouch." + p),
                new Bar("Yjs + y-websocket", p, "C.yjs." + p),
                new Bar("bare HTTP push + pull", p, "F.pushPull." + p)).stream()).toList()),
        new Panel("D. live clients on one node", "MiB or ms", live),
        new Panel("E. pulls under 64 connections", "pulls/s", List.of(
            new Bar("AtomSync GET /sync", "a few docs", "E.ours.few"),
            new Bar("bare Jetty, same bytes", "a few docs", "E.limit.few"),
            new Bar("AtomSync GET /sync", "nothing new", "E.ours.empty"),
            new Bar("bare Jetty, same bytes", "nothing new", "E.limit.empty"))),
        new Panel("F. the limits", "rows/s", List.of(
            new Bar("SQLite", "1 row a transaction", "F.rowTx"),
            new Bar("SQLite", "batched inserts", "F.batched"),
            new Bar("SQLite", "range scan", "F.scan"))));
  }

  /** Returns a log range from a third of the smallest bar to three times the largest. */
  private static double[] range(DefaultCategoryDataset data) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int r = 0; r < data.getRowCount(); r++) {
      for (int c = 0; c < data.getColumnCount(); c++) {
        Number value = data.getValue(r, c);
        if (value != null && value.doubleValue() > 0) {
          min = Math.min(min, value.doubleValue());
          max = Math.max(max, value.doubleValue());
        }
      }
    }
    return max == 0 ? new double[] {0.1, 10} : new double[] {min / 3, max * 3};
  }

  private static JFreeChart chart(Panel panel, Figures figures) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Bar bar : panel.bars()) {
      if (figures.has(bar.key())) {
        data.addValue(figures.stats(bar.key()).median(), bar.series(), bar.category());
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(panel.title(), null, panel.axis(), data,
        PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(new Color(0xF4F4F4));
    LogAxis axis = new LogAxis(panel.axis());
    axis.setBase(10);
    axis.setTickUnit(new NumberTickUnit(1)); // one tick a decade (log space)
    axis.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
    double[] range = range(data);
    axis.setRange(range[0], range[1]);
    plot.setRangeAxis(axis);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}",
            new DecimalFormat(range[1] > 1_000 ? "#,##0" : "#,##0.##")));
    renderer.setDefaultItemLabelsVisible(true);
    return chart;
  }
}
