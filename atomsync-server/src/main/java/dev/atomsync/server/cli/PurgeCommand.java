package dev.atomsync.server.cli;

import dev.atomsync.server.postgres.PostgresStore;
import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code atomsync purge --db F --older-than 30d} (or {@code --postgres JDBC-URL}): hard-deletes old
 * tombstones and change ids. On SQLite the server must be stopped (one owner per file); on
 * PostgreSQL it may run while nodes serve, since purges and pushes take the same lock.
 */
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

  @Option(names = "--postgres", paramLabel = "JDBC-URL",
      description = "PostgreSQL database instead of an SQLite file; nodes may keep running.")
  String postgres;

  @Option(names = "--older-than", required = true, paramLabel = "AGE",
      converter = Durations.class, description = "Retention, e.g. 30d, 12h, PT90M.")
  Duration olderThan;

  @Override
  public Integer call() {
    Instant cutoff = Instant.now().minus(olderThan);
    try (Store store = open()) {
      PurgeResult result = store.purge(cutoff);
      System.out.printf(
          "purged %d tombstones and %d change ids older than %s; horizons now %s%n",
          result.tombstones(), result.changeIds(), cutoff, result.horizons());
    }
    return 0;
  }

  private Store open() {
    if (postgres != null) {
      return PostgresStore.open(postgres, InstantSource.system(), 2);
    }
    if (!Files.exists(db)) {
      throw new IllegalArgumentException("no database file " + db.toAbsolutePath());
    }
    return SqliteStore.open(db, InstantSource.system());
  }
}
