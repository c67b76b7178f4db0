package dev.atomsync.client;

import java.nio.file.Path;

/** The atom contract over the in-memory store. */
class InMemorySyncedAtomTest extends SyncedAtomContractTest {
  @Override
  AtomSync open(Path dir) {
    return AtomSync.inMemory();
  }
}
