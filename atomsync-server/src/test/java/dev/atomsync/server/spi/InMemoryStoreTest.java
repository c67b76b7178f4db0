package dev.atomsync.server.spi;

import java.time.InstantSource;

/** Holds the reference store to the same contract as the real ones. */
class InMemoryStoreTest extends StoreContractTest {
  @Override
  protected Store newStore(InstantSource clock) {
    return new InMemoryStore(clock);
  }
}
