package dev.atomsync.server.sqlite;

import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoreConcurrencyContractTest;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.io.TempDir;

/** Runs the concurrency contract on {@link SqliteStore} with its default durability. */
class SqliteStoreConcurrencyTest extends StoreConcurrencyContractTest {
  @TempDir Path dir;

  @Override
  protected Store newStore(InstantSource clock) {
    return SqliteStore.open(dir.resolve("store.db"), clock);
  }
}
