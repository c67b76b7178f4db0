package dev.atomsync.client;

import java.nio.file.Path;

/** The atom contract over an SQLite file. */
class SqliteSyncedAtomTest extends SyncedAtomContractTest {
  @Override
  AtomSync open(Path dir) {
    return AtomSync.open(dir.resolve("client.db"));
  }
}
