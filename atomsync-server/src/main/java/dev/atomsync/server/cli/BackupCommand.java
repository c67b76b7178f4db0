package dev.atomsync.server.cli;

import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code atomsync backup --db F --to G}: a consistent copy, safe while the server runs. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = "Writes a consistent copy of the database, safe while the server runs.")
final class BackupCommand implements Callable<Integer> {
  @Option(names = "--db", paramLabel = "FILE", defaultValue = "atomsync.db",
      description = "SQLite file (default atomsync.db).")
  Path db;

  @Option(names = "--to", required = true, paramLabel = "FILE",
      description = "Where to write the copy; must not exist.")
  Path target;

  @Override
  public Integer call() {
    if (!Files.exists(db)) {
      throw new IllegalArgumentException("no database file " + db.toAbsolutePath());
    }
    if (Files.exists(target)) {
      throw new IllegalArgumentException("backup target exists already: " + target);
    }
    try (SqliteStore store = SqliteStore.open(db, InstantSource.system())) {
      store.backup(target);
    }
    System.out.println("backed up " + db + " to " + target);
    return 0;
  }
}
