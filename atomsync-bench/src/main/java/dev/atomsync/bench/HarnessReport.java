package dev.atomsync.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Turns a harness run's {@link Figures} into the Markdown table of BENCHMARKS.md. */
final class HarnessReport {
  private final HarnessBench.HarnessConfig config;
  private final Figures figures;

  HarnessReport(HarnessBench.HarnessConfig config, Figures figures) {
    this.config = config;
    this.figures = figures;
  }

  /** A figure of a peer measured in the same rounds as ours. */
  record Peer(String name, String key) {}

  /** What a row must reach, checked on the medians (of ratios, where it is a ratio). */
  record Target(String text, Predicate<Figures> met) {
    static Target none() {
      return new Target("", f -> true);
    }

    static Target atLeast(String key, double value, String text) {
      return new Target(text, f -> f.median(key).orElse(Double.NaN) >= value);
    }

    static Target atMost(String key, double value, String text) {
      return new Target(text, f -> f.median(key).orElse(Double.NaN) <= value);
    }

    static Target ratioAtLeast(String key, String of, double ratio, String text) {
      return new Target(text, f -> f.has(key) && f.has(of) && f.ratio(key, of).median() >= ratio);
    }

    Target and(Target other) {
      return new Target(text + "; " + other.text, f -> met.test(f) && other.met.test(f));
    }
  }

  /** One line of the table: our figure beside its peers and its limit. */
  record Row(String scenario, String unit, String ours, List<Peer> peers, String limit,
      Target target) {}

  static List<Row> rows(List<Integer> liveClients) {
    List<Row> rows = new ArrayList<>();
    List<Peer> pouchPut1 = List.of(new Peer("PouchDB put", "A.pouch.1"));
    List<Peer> pouchPut8 = List.of(new Peer("PouchDB put", "A.pouch.8"));
    rows.add(new Row("A. local write, 1 thread", "docs/s", "A.ours.1", pouchPut1, "F.rowTx",
        Target.ratioAtLeast("A.ours.1", "F.rowTx", 0.75, "≥ 75% of limit")));
    rows.add(new Row("A. local write, 8 threads", "docs/s", "A.ours.8", pouchPut8, "F.rowTx",
        Target.atLeast("A.ours.8", 100_000, "≥ 100,000 docs/s")));
    for (String leg : List.of("push", "pull")) {
      String ours = "B.ours." + leg;
      String peer = "B.pouch." + leg;
      rows.add(new Row("B. sync " + (leg.equals("push") ? "A → server" : "server → fresh B"),
          "docs/s", ours, List.of(new Peer("PouchDB replication", peer)), "F.batched",
          Target.ratioAtLeast(ours, peer, 10, "≥ 10× PouchDB")
              .and(Target.ratioAtLeast(ours, "F.batched", 0.5, "≥ 50% of limit"))));
    }
    for (int p : new int[] {50, 95, 99}) {
      String ours = "C.ours.p" + p;
      Target target = switch (p) {
        case 50 -> Target.atMost(ours, 1.0, "≤ 1 ms");
        case 99 -> Target.atMost(ours, 3.0, "≤ 3 ms");
        default -> Target.none();
      };
      rows.add(new Row("C. propagation p" + p, "ms", ours,
          List.of(new Peer("PouchDB live", "C.pouch.p" + p), new Peer("Yjs", "C.yjs.p" + p)),
          "F.pushPull.p" + p, target));
    }
    for (int clients : liveClients) {
      String key = "D." + clients;
      boolean target = clients == 10_000;
      rows.add(new Row(String.format("D. %,d live clients: heap after GC", clients), "MiB",
          key + ".heap", List.of(), "",
          target ? Target.atMost(key + ".heap", 1024, "≤ 1 GiB") : Target.none()));
      rows.add(new Row(String.format("D. %,d live clients: RSS", clients), "MiB", key + ".rss",
          List.of(), "", Target.none()));
      rows.add(new Row(String.format("D. %,d live clients: one write reaches all", clients), "ms",
          key + ".fanout", List.of(), "",
          target ? Target.atMost(key + ".fanout", 1000, "< 1 s") : Target.none()));
    }
    rows.add(new Row("E. pulls, 64 connections, a few docs each", "pulls/s", "E.ours.few",
        List.of(), "E.limit.few", Target.atLeast("E.ours.few", 20_000, "≥ 20,000 pulls/s")));
    rows.add(new Row("E. pulls, 64 connections, nothing new", "pulls/s", "E.ours.empty",
        List.of(), "E.limit.empty", Target.atLeast("E.ours.empty", 20_000, "≥ 20,000 pulls/s")));
    return rows;
  }

  /** The limits themselves (scenario F), each on its own line. */
  static Map<String, String> limits() {
    return orderedMap(
        "F.rowTx", "SQLite inserts, one transaction per row (client pragmas, rows/s)",
        "F.batched", "SQLite inserts, 1,000 rows a transaction (server pragmas, rows/s)",
        "F.scan", "SQLite range scan of the same rows (rows/s)",
        "F.pushPull.p50", "loopback HTTP: bare push + bare pull round trips of one doc, p50 (ms)",
        "E.limit.few", "loopback HTTP: bare Jetty serving a pull's bytes, 64 connections (req/s)",
        "E.limit.empty", "loopback HTTP: bare Jetty serving an empty pull, 64 connections (req/s)");
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  String markdown(ZonedDateTime when, String load) {
    StringBuilder md = new StringBuilder();
    md.append(String.format("Run of %s UTC, %d rounds, %d cores, JDK %s, load average at the end"
            + " %s. Each cell: median (min–max) of the rounds; ratios taken round by round.%n%n",
        when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), config.rounds(),
        Runtime.getRuntime().availableProcessors(), Runtime.version(), load));
    md.append("| scenario | unit | AtomSync | peers in the same run | limit | AtomSync ÷ peer"
        + " | AtomSync ÷ limit | target | met |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row row : rows(config.liveClients())) {
      if (!figures.has(row.ours())) {
        continue;
      }
      List<String> peerCells = new ArrayList<>();
      List<String> peerRatios = new ArrayList<>();
      for (Peer peer : row.peers()) {
        if (figures.has(peer.key())) {
          peerCells.add(peer.name() + " " + cell(peer.key(), row.unit()));
          peerRatios.add(ratioCell(row.ours(), peer.key()) + " (" + peer.name() + ")");
        }
      }
      boolean hasLimit = !row.limit().isEmpty() && figures.has(row.limit());
      md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          row.scenario(), row.unit(), cell(row.ours(), row.unit()),
          String.join("; ", peerCells), hasLimit ? cell(row.limit(), row.unit()) : "",
          String.join("; ", peerRatios), hasLimit ? ratioCell(row.ours(), row.limit()) : "",
          row.target().text(),
          row.target().text().isEmpty() ? "" : row.target().met().test(figures) ? "yes" : "**no**"));
    }
    md.append("\nLimits (scenario F), measured in the same rounds:\n\n");
    md.append("| limit | median (min–max) |\n| --- | --- |\n");
    limits().entrySet().stream()
        .filter(e -> figures.has(e.getKey()))
        .forEach(e -> md.append(String.format("| %s | %s |%n", e.getValue(),
            cell(e.getKey(), e.getKey().contains(".p") ? "ms" : "/s"))));
    return md.toString();
  }

  /** Every series, one line each, for a later look at single rounds. */
  String rawFigures() {
    StringBuilder tsv = new StringBuilder("key\tround values\n");
    figures.all().forEach((key, values) -> {
      tsv.append(key);
      for (double v : values) {
        tsv.append('\t').append(String.format("%.3f", v));
      }
      tsv.append('\n');
    });
    return tsv.toString();
  }

  private String cell(String key, String unit) {
    Stats s = figures.stats(key);
    return number(s.median(), unit) + " (" + number(s.min(), unit) + "–" + number(s.max(), unit)
        + ")";
  }

  private String ratioCell(String numerator, String denominator) {
    Stats r = figures.ratio(numerator, denominator);
    return r.median() >= 10 || r.median() < 0.1
        ? String.format("%.3g× (%.3g–%.3g)", r.median(), r.min(), r.max())
        : String.format("%.2f× (%.2f–%.2f)", r.median(), r.min(), r.max());
  }

  private static String number(double value, String unit) {
    return unit.equals("ms") ? String.format("%.2f", value) : String.format("%,.0f", value);
  }
}
