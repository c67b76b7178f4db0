package dev.atomsync.server.cli;

import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atomsync purge --db F --older-than 30d}: hard-deletes old tombstones and change ids. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = {
      "Hard-deletes tombstones and remembered change ids older than a retention period.",
      "Clients whose cursor is older than what was purged get a :reset on their next pull."
    })
final class PurgeCommand implements Callable<Integer> {
  @Option(names = "--db", paramLabel = "FILE", defaultValue = "atomsync.db",
      description = "SQLite file (default atomsync.db).")
  Path db;

  @Option(names = "--older-than", required = true, paramLabel = "AGE",
      converter = Durations.class, description = "Retention, e.g. 30d, 12h, PT90M.")
  Duration olderThan;

  @Override
  public Integer call() {
    if (!Files.exists(db)) {
      throw new IllegalArgumentException("no database file " + db.toAbsolutePath());
    }
    Instant cutoff = Instant.now().minus(olderThan);
    try (SqliteStore store = SqliteStore.open(db, InstantSource.system())) {
      PurgeResult result = store.purge(cutoff);
      System.out.printf(
          "purged %d tombstones and %d change ids older than %s; horizons now %s%n",
          result.tombstones(), result.changeIds(), cutoff, result.horizons());
    }
    return 0;
  }
}
