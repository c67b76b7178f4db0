package dev.atomsync.server.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.ManualClock;
import dev.atomsync.server.spi.SharedStore.Registration;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredPushResult;
import dev.atomsync.server.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stores on one database, as two nodes have: each hears the other's pushes, never its own. */
class PostgresCommitFeedTest {
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private final ManualClock clock = new ManualClock();
  private String url;
  private PostgresStore first;
  private PostgresStore second;
  private final List<Map.Entry<String, Long>> heardByFirst = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, Long>> heardBySecond = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    url = TestPostgres.newDatabase();
    first = PostgresStore.open(url, clock);
    second = PostgresStore.open(url, clock);
    first.onOtherNodesPush((group, cursor) -> heardByFirst.add(Map.entry(group, cursor)));
    second.onOtherNodesPush((group, cursor) -> heardBySecond.add(Map.entry(group, cursor)));
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @Test
  void onOtherNodesPush_hearsPushesOfOtherStoreButNotItsOwn() {
    long one = push(first, "todo", "todo:1").cursor();
    long two = push(second, "notes", "notes:1").cursor();

    await().atMost(PATIENCE).until(() -> heardBySecond.size() == 1 && heardByFirst.size() == 1);
    // The feed delivers in commit order, so the first store's own push would have come first.
    assertThat(heardByFirst).containsExactly(Map.entry("notes", two));
    assertThat(heardBySecond).containsExactly(Map.entry("todo", one));
  }

  @Test
  void onOtherNodesPush_staysSilentForPushesThatWroteNothing() {
    StoredChange change = put("todo:1", 0);
    first.push("todo", "alice", List.of(change));
    first.push("todo", "alice", List.of(change));
    first.push("todo", "alice", List.of(put("todo:1", 7)));
    long last = push(first, "todo", "todo:2").cursor();

    await().atMost(PATIENCE).until(() -> heardBySecond.size() >= 2);
    assertThat(heardBySecond)
        .containsExactly(Map.entry("todo", last - 1), Map.entry("todo", last));
  }

  @Test
  void onOtherNodesPush_registrationStopsDeliveryWhenClosed() {
    List<Long> heard = new CopyOnWriteArrayList<>();
    Registration registration = second.onOtherNodesPush((group, cursor) -> heard.add(cursor));
    long one = push(first, "todo", "todo:1").cursor();
    await().atMost(PATIENCE).until(() -> heard.size() == 1);

    registration.close();
    long two = push(first, "todo", "todo:2").cursor();

    await().atMost(PATIENCE).until(() -> heardBySecond.size() == 2);
    assertThat(heard).containsExactly(one);
    assertThat(heardBySecond).extracting(Map.Entry::getValue).containsExactly(one, two);
  }

  @Test
  void onOtherNodesPush_hearsPushesAgainAfterItsConnectionWasKilled() throws SQLException {
    try (Connection admin = DriverManager.getConnection(url);
        Statement statement = admin.createStatement()) {
      statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE application_name = '" + PostgresStore.LISTENER_NAME + "'");
    }

    // Likely committed before the feed is back: then the catch-up after reconnecting reports it.
    long one = push(first, "todo", "todo:1").cursor();
    await().atMost(PATIENCE).until(() -> heardBySecond.contains(Map.entry("todo", one)));
    long two = push(first, "todo", "todo:2").cursor();
    await().atMost(PATIENCE).until(() -> heardBySecond.contains(Map.entry("todo", two)));
  }

  private static StoredPushResult push(PostgresStore store, String group, String id) {
    return store.push(group, "alice", List.of(put(id, 0)));
  }

  private static StoredChange put(String id, long base) {
    return new StoredChange(id, Op.PUT, "v".getBytes(UTF_8), base, UUID.randomUUID());
  }
}
