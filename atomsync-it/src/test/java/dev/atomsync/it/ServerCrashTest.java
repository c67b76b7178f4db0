package dev.atomsync.it;

import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server runs as a process of its own on an SQLite file and is killed with SIGKILL while
 * clients push to it, then started again on the same file and port, three times ({@link
 * KillDuringPushes}). Every write whose put returned reaches the server exactly once, and every
 * client ends with what the server holds.
 */
@Timeout(180)
class ServerCrashTest extends EndToEndTest {
  @Test
  void serverKilledDuringPushes_everyReturnedWriteReachesItOnce() throws Exception {
    try (ServerProcess process = ServerProcess.start(dir.resolve("killed.db"))) {
      KillDuringPushes.run(process, clients, process.syncUri(), "ServerCrashTest");
    }
  }
}
