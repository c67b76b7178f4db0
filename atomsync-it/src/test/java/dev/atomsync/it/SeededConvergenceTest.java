package dev.atomsync.it;

import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.ScheduleTarget;
import dev.atomsync.it.testing.ServerLedger;
import dev.atomsync.it.testing.WireClient;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded {@link ConvergenceSchedule}s against one SQLite server, whose file is read directly at the
 * end ({@link ServerLedger}).
 *
 * <p>{@code -Datomsync.seed=N} replays one ({@code -Datomsync.trace=true} prints its writes),
 * {@code -Datomsync.schedules=N} runs N from the first (50 by default; the Maven profile {@code
 * convergence-1000} runs 1,000).
 */
class SeededConvergenceTest extends EndToEndTest {
  static LongStream seeds() {
    return ConvergenceSchedule.seeds("atomsync.schedules", 50);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void schedule_convergesAndAccountsForEveryChange(long seed) throws InterruptedException {
    ConvergenceSchedule.run(seed, new ScheduleTarget() {
      @Override
      public Clients clients() {
        return clients;
      }

      @Override
      public FaultProxy proxy(int client) {
        return SeededConvergenceTest.this.proxy();
      }

      @Override
      public WireClient wire() {
        return server.wire();
      }

      @Override
      public ServerLedger stopAndReadLedger(String group) {
        clients.close();
        server.stop();
        return ServerLedger.read(server.db(), group);
      }
    });
  }
}
