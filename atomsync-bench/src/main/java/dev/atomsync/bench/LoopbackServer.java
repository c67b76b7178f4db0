package dev.atomsync.bench;

import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.InstantSource;

/** Starts the AtomSync servers the benchmarks measure: open mode, 127.0.0.1, a free port. */
final class LoopbackServer {
  private LoopbackServer() {}

  /** Starts a server on the SQLite store in {@code file}, created when absent. */
  static AtomSyncServer onSqlite(Path file) {
    return AtomSyncServer.start(
        SqliteStore.open(file, InstantSource.system()),
        ServerOptions.builder().host("127.0.0.1").port(0).build());
  }
}
