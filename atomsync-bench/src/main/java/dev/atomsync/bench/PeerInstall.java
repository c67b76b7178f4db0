package dev.atomsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the peer scripts ({@code atomsync-bench/peers}) into {@code <repo>/.bench-peers} and runs
 * {@code npm install} there when {@code package.json} differs from the one last installed, so
 * later runs start at once.
 */
final class PeerInstall {
  static final String SOURCE = "atomsync-bench/peers";
  static final String HOME = ".bench-peers";
  private static final String STAMP = ".installed-package.json";
  private static final int MIN_NODE_MAJOR = 20;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  private PeerInstall() {}

  /** Returns the directory to run the peer scripts in, installed and up to date. */
  static Path prepare(Path repoRoot) {
    Path source = repoRoot.resolve(SOURCE);
    if (!Files.isRegularFile(source.resolve("package.json"))) {
      throw new IllegalArgumentException("no " + SOURCE + "/package.json under " + repoRoot
          + "; repoRoot must be the AtomSync checkout");
    }
    Path home = repoRoot.resolve(HOME);
    requireNode(home.getParent());
    try {
      Files.createDirectories(home);
      copyFiles(source, home);
      String wanted = Files.readString(source.resolve("package.json"));
      Path stamp = home.resolve(STAMP);
      boolean current = Files.isDirectory(home.resolve("node_modules"))
          && Files.isRegularFile(stamp) && Files.readString(stamp).equals(wanted);
      if (current) {
        log("%s is up to date with %s/package.json; no npm install", HOME, SOURCE);
        return home;
      }
      log("running npm install in %s (package.json changed since the last install)", HOME);
      // No lock file: the direct dependencies are pinned in package.json, and a lock would
      // only record download addresses.
      try (PeerProcess npm = PeerProcess.start("npm install", home,
          List.of("npm", "install", "--no-audit", "--no-fund", "--no-package-lock"),
          line -> System.err.println("  npm: " + line))) {
        npm.awaitSuccess(INSTALL_TIMEOUT);
      }
      Files.writeString(stamp, wanted);
      log("npm install done");
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + home, e);
    }
  }

  private static void copyFiles(Path source, Path home) throws IOException {
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, home.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    log("copied %s/* to %s", SOURCE, HOME);
  }

  /** Fails with what to install unless node (20 or newer) and npm run. */
  private static void requireNode(Path dir) {
    String version = probe(dir, "node");
    int major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    if (major < MIN_NODE_MAJOR) {
      throw new IllegalStateException("the peer benchmarks need Node.js " + MIN_NODE_MAJOR
          + " or newer, found node " + version + "; install a newer Node.js with npm");
    }
    log("node %s, npm %s", version, probe(dir, "npm"));
  }

  private static String probe(Path dir, String tool) {
    PeerProcess process;
    try {
      process = PeerProcess.start(tool, dir, List.of(tool, "--version"), line -> {});
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("the peer benchmarks (PouchDB, Yjs) need Node.js "
          + MIN_NODE_MAJOR + " or newer with npm, and '" + tool + "' is not on PATH; install them"
          + " (for example: apt-get install nodejs npm) and run this again", e);
    }
    try (process) {
      return process.awaitResultLine(PROBE_TIMEOUT);
    }
  }

  static void log(String format, Object... args) {
    System.err.println("peers: " + String.format(format, args));
  }
}
