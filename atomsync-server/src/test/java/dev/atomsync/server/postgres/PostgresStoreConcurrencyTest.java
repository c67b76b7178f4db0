package dev.atomsync.server.postgres;

import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoreConcurrencyContractTest;
import dev.atomsync.server.testing.TestPostgres;
import java.time.InstantSource;

/** Runs the concurrency contract on {@link PostgresStore}. */
class PostgresStoreConcurrencyTest extends StoreConcurrencyContractTest {
  @Override
  protected Store newStore(InstantSource clock) {
    return PostgresStore.open(TestPostgres.newDatabase(), clock);
  }
}
