package dev.atomsync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The end-to-end harness of issue 6: every scenario for AtomSync and, in the same round, for its
 * peers (PouchDB, Yjs) and its physical limits, repeated for several rounds; writes a Markdown
 * table, the raw figures and a PNG chart into {@code bench-out/}.
 *
 * <p>Arguments: {@code [rounds=3] [docs=100000] [samples=1000] [scenarios=ABCDEF]
 * [--without-peers]}. Within a round each scenario runs its limit, ours and its peers back to
 * back, so that a shared machine getting busier or quieter moves them alike.
 */
public final class HarnessBench {
  private HarnessBench() {}

  public static void main(String[] args) throws Exception {
    HarnessConfig config = HarnessConfig.parse(args);
    System.out.println(config.describe());
    Figures figures = new Figures(config.rounds());
    List<Map<Object, Object>> values = sampleValues(config.docs());
    try (HarnessScenarios scenarios = HarnessScenarios.open(config, values)) {
      scenarios.warmUp();
      for (int round = 0; round < config.rounds(); round++) {
        System.out.printf("%n== round %d of %d (load %s) ==%n", round + 1, config.rounds(),
            Measures.loadAverage());
        Path dir = Files.createTempDirectory("atomsync-harness");
        try {
          scenarios.run(round, dir, figures);
        } finally {
          SwapBenchmark.deleteTree(dir);
        }
      }
    }
    HarnessReport report = new HarnessReport(config, figures);
    Path out = Path.of("bench-out");
    Files.createDirectories(out);
    String table = report.markdown(ZonedDateTime.now(ZoneOffset.UTC), Measures.loadAverage());
    Files.writeString(out.resolve("harness.md"), table);
    Files.writeString(out.resolve("harness-figures.tsv"), report.rawFigures());
    HarnessChart.write(figures, config, out.resolve("harness.png"));
    System.out.println();
    System.out.println(table);
    System.out.println("wrote " + out.resolve("harness.md") + ", " + out.resolve("harness.png")
        + " and " + out.resolve("harness-figures.tsv"));
  }

  /** Todo-like documents of about 200 bytes, the same for every scenario and peer. */
  static List<Map<Object, Object>> sampleValues(int docs) {
    Random random = new Random(42);
    List<Map<Object, Object>> values = new ArrayList<>(docs);
    for (int i = 0; i < docs; i++) {
      values.add(SampleDocs.todo(i, random));
    }
    return values;
  }

  /** The harness's settings, from its command line. */
  record HarnessConfig(int rounds, int docs, int samples, int localDocs, Set<Character> scenarios,
      boolean peers, List<Integer> liveClients) {
    static HarnessConfig parse(String[] args) {
      List<String> positional = new ArrayList<>();
      boolean peers = true;
      for (String arg : args) {
        if (arg.equals("--without-peers")) {
          peers = false;
        } else {
          positional.add(arg);
        }
      }
      int rounds = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 3;
      int docs = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 100_000;
      int samples = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 1_000;
      String which = positional.size() > 3 ? positional.get(3).toUpperCase() : "ABCDEF";
      Set<Character> scenarios = new LinkedHashSet<>();
      for (char c : which.toCharArray()) {
        if (c < 'A' || c > 'F') {
          throw new IllegalArgumentException("scenario '" + c + "' is not one of A to F");
        }
        scenarios.add(c);
      }
      if (rounds < 1 || docs < 1_000 || samples < 10) {
        throw new IllegalArgumentException(
            "need rounds >= 1, docs >= 1000 and samples >= 10, got " + String.join(" ", args));
      }
      return new HarnessConfig(rounds, docs, samples, Math.min(docs, 20_000), scenarios, peers,
          List.of(1_000, 5_000, 10_000));
    }

    boolean runs(char scenario) {
      return scenarios.contains(scenario);
    }

    String describe() {
      return String.format("AtomSync harness: %d rounds, %,d docs for sync, %,d for local writes,"
              + " %,d propagation samples, scenarios %s, peers %s; %d cores, JDK %s, load %s",
          rounds, docs, localDocs, samples, scenarios, peers ? "on" : "off",
          Runtime.getRuntime().availableProcessors(), Runtime.version(), Measures.loadAverage());
    }
  }
}
