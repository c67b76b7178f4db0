package dev.atomsync.it;

import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.PostgresNodes;
import dev.atomsync.it.testing.ServerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL node runs as a process of its own ({@code atomsync server --postgres URL}) and is
 * killed with SIGKILL while clients push to it, then started again on the same database and port,
 * three times ({@link KillDuringPushes}); a reader follows through a second node in this JVM that
 * stays up. Every write whose put returned reaches the database exactly once, and every client ends
 * with what the nodes hold.
 */
@Timeout(180)
class ServerCrashOnPostgresTest {
  @TempDir Path dir;

  @Test
  void nodeKilledDuringPushes_everyReturnedWriteReachesItOnce() throws Exception {
    try (PostgresNodes survivor = PostgresNodes.start(1);
        ServerProcess process =
            ServerProcess.startPostgres(survivor.jdbcUrl(), dir.resolve("killed-node"));
        Clients clients = new Clients(dir, survivor.node(0))) {
      KillDuringPushes.run(
          process, clients, survivor.node(0).syncUri(), "ServerCrashOnPostgresTest");
    }
  }
}
