package dev.atomsync.client.spi;

import dev.atomsync.client.internal.InMemoryLocalStore;
import java.nio.file.Path;

/** Holds the in-memory store to the contract. */
class InMemoryLocalStoreTest extends LocalStoreContractTest {
  @Override
  protected LocalStore newStore(Path dir) {
    return new InMemoryLocalStore();
  }
}
