package dev.atomsync.it;

import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.PostgresNodes;
import dev.atomsync.it.testing.ScheduleTarget;
import dev.atomsync.it.testing.ServerLedger;
import dev.atomsync.it.testing.WireClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeded {@link ConvergenceSchedule}s of {@link SeededConvergenceTest} against two server nodes
 * on one PostgreSQL database, client {@code i} on node {@code i % 2}: changes reach the clients of
 * the other node through the database, and the checks pull from both nodes in turn. At the end the
 * store's tables are read directly ({@link ServerLedger#readPostgres}).
 *
 * <p>{@code -Datomsync.seed=N} replays one, {@code -Datomsync.postgres.schedules=N} runs N from the
 * first (10 by default).
 */
@Timeout(60)
class SeededConvergenceOnPostgresTest {
  private static final int NODES = 2;

  @TempDir Path dir;
  private PostgresNodes nodes;
  private Clients clients;
  private final List<FaultProxy> proxies = new ArrayList<>();
  private final AtomicInteger checks = new AtomicInteger();

  static LongStream seeds() {
    return ConvergenceSchedule.seeds("atomsync.postgres.schedules", 10);
  }

  @BeforeEach
  void startNodes() {
    nodes = PostgresNodes.start(NODES);
    clients = new Clients(dir, nodes.node(0));
  }

  @AfterEach
  void stopEverything() {
    try {
      clients.close();
    } finally {
      proxies.forEach(FaultProxy::close);
      nodes.close();
    }
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
        FaultProxy proxy = FaultProxy.to(nodes.node(client % NODES));
        proxies.add(proxy);
        return proxy;
      }

      @Override
      public WireClient wire() {
        return WireClient.at(nodes.node(checks.getAndIncrement() % NODES).syncUri().resolve("/"));
      }

      @Override
      public ServerLedger stopAndReadLedger(String group) {
        clients.close();
        nodes.close();
        return ServerLedger.readPostgres(nodes.jdbcUrl(), group);
      }
    });
  }
}
