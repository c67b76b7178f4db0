package dev.atomsync.server.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoreContractTest;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the store contract on {@link PostgresStore}, plus what only PostgreSQL promises. */
class PostgresStoreTest extends StoreContractTest {
  private String url;

  @Override
  protected Store newStore(InstantSource clock) {
    url = TestPostgres.newDatabase();
    return PostgresStore.open(url, clock);
  }

  // ---- several stores on one database

  @Test
  void push_ofTwoStoresOnOneDatabaseShareDocsAndSeqs() {
    try (PostgresStore second = PostgresStore.open(url, clock)) {
      Applied first = (Applied) pushOne(put("todo:1", 0, "a"));

      Applied next = (Applied) second.push("todo", "bob", List.of(put("todo:1", 1, "b")))
          .outcomes().getFirst();

      assertThat(next.version()).isEqualTo(2);
      assertThat(next.seq()).isEqualTo(first.seq() + 1);
      assertThat(store.lastSeq()).isEqualTo(next.seq());
      assertThat(pullAll("todo")).extracting(d -> text(d.value())).containsExactly("b");
    }
  }

  @Test
  void push_keepsUpdatedTimeMonotoneAcrossStoresWhoseClocksDisagree() {
    clock.advance(Duration.ofHours(1));
    pushOne(put("todo:1", 0, "a"));
    try (PostgresStore behind = PostgresStore.open(url, InstantSource.fixed(clock.instant()
        .minus(Duration.ofHours(2))))) {
      behind.push("todo", "bob", List.of(put("todo:2", 0, "b")));
    }

    List<StoredDoc> docs = pullAll("todo");
    assertThat(docs.get(1).updated()).isEqualTo(docs.get(0).updated());
  }

  @Test
  void reopen_keepsEveryWriteChangeIdAndHorizon() {
    Applied deleted = (Applied) pushOne(delete("todo:2", 0));
    clock.advance(Duration.ofHours(1));
    StoredChange change = put("todo:1", 0, "a");
    Applied first = (Applied) pushOne(change);
    store.purge(clock.instant().minus(Duration.ofMinutes(30)));
    long lastSeq = store.lastSeq();

    store.close();
    store = PostgresStore.open(url, clock);

    assertThat(store.lastSeq()).isEqualTo(lastSeq);
    assertThat(pushOne(change)).isEqualTo(new Applied("todo:1", 1, first.seq(), true));
    assertThat(store.pull("todo", 0, 0, 10).horizon()).isEqualTo(deleted.seq());
  }

  @Test
  void pull_answersWhilePushesWaitForTheWriteLock() throws Exception {
    pushOne(put("todo:1", 0, "a"));
    ExecutorService threads = Executors.newCachedThreadPool();
    try (PostgresStore small = PostgresStore.open(url, clock, 2);
        Connection otherNode = DriverManager.getConnection(url)) {
      // Another node's push in progress: it holds the write lock until it commits.
      otherNode.setAutoCommit(false);
      new WriteLock(url.substring(url.indexOf("currentSchema=") + "currentSchema=".length()))
          .take(otherNode);
      List<Future<?>> pushes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String id = "todo:waiting-" + i;
        pushes.add(threads.submit(() -> small.push("todo", "bob", List.of(put(id, 0, "w")))));
      }

      Future<StoredPage> pull = threads.submit(() -> small.pull("todo", 0, 0, 10));

      assertThat(pull.get(10, TimeUnit.SECONDS).docs()).extracting(StoredDoc::id)
          .containsExactly("todo:1");
      assertThat(pushes).noneMatch(Future::isDone);
      otherNode.commit();
      for (Future<?> push : pushes) {
        push.get(30, TimeUnit.SECONDS);
      }
      assertThat(small.lastSeq()).isEqualTo(5);
    } finally {
      threads.shutdownNow();
    }
  }

  // ---- opening

  @Test
  void open_ofSeveralNodesAtOnceOnEmptyDatabaseCreatesTablesOnce() throws Exception {
    String empty = TestPostgres.newDatabase();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<PostgresStore>> opening = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        opening.add(threads.submit(() -> PostgresStore.open(empty, clock, 2)));
      }
      List<PostgresStore> nodes = new ArrayList<>();
      for (Future<PostgresStore> node : opening) {
        nodes.add(node.get(30, TimeUnit.SECONDS));
      }
      nodes.getFirst().push("todo", "alice", List.of(put("todo:1", 0, "a")));
      for (PostgresStore node : nodes) {
        assertThat(node.lastSeq()).isEqualTo(1);
        node.close();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void open_refusesSchemaNewerThanThisBuild() throws SQLException {
    store.close();
    execute("UPDATE atomsync_state SET schema_version = 99");

    assertThatThrownBy(() -> PostgresStore.open(url, clock))
        .isInstanceOf(PostgresStoreException.class)
        .hasMessageContaining("schema version 99 is newer than this build's 1");
  }

  @Test
  void open_failsClearlyWhenDatabaseIsUnreachable() {
    String unreachable = "jdbc:postgresql://127.0.0.1:1/atomsync?user=a&password=secret"
        + "&connectTimeout=2";

    assertThatThrownBy(() -> PostgresStore.open(unreachable, clock))
        .isInstanceOf(PostgresStoreException.class)
        .hasMessageContaining("opening the store failed on jdbc:postgresql://127.0.0.1:1/atomsync")
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("secret");
  }

  @Test
  void open_rejectsUrlOfAnotherDatabase() {
    assertThatThrownBy(() -> PostgresStore.open("jdbc:sqlite:atomsync.db", clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE):"
            + " jdbc:sqlite:atomsync.db");
  }

  // ---- failures and closing

  @Test
  void push_rollsBackWholePushWhenAWriteFails() throws SQLException {
    pushOne(put("todo:0", 0, "before"));
    long seqBefore = store.lastSeq();
    execute("CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS"
        + " $$ BEGIN RAISE EXCEPTION 'poisoned'; END $$");
    execute("CREATE TRIGGER poison BEFORE INSERT ON atomsync_docs FOR EACH ROW"
        + " WHEN (NEW.id = 'todo:poison') EXECUTE FUNCTION poison()");

    assertThatThrownBy(() -> store.push("todo", "alice",
            List.of(put("todo:1", 0, "a"), put("todo:poison", 0, "p"))))
        .isInstanceOf(PostgresStoreException.class)
        .hasMessageContaining("push to group todo failed on")
        .hasMessageContaining("poisoned");

    assertThat(pullAll("todo")).extracting(StoredDoc::id).containsExactly("todo:0");
    assertThat(store.lastSeq()).isEqualTo(seqBefore);
    assertThat(pushOne(put("todo:2", 0, "b"))).extracting("seq").isEqualTo(seqBefore + 1);
  }

  @Test
  void push_rejectsInvalidChangesBeforeWriting() {
    assertThatThrownBy(() -> store.push("todo", "a", List.of(put("notes:1", 0, "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside group");
    assertThatThrownBy(() -> store.push("todo", "a",
            List.of(put("todo:1", 0, "x"), put("todo:1", 0, "y"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("todo:1 appears twice");
    assertThatThrownBy(() -> store.push("todo", "a",
            List.of(new StoredChange("todo:1", Op.PUT, null, 0, UUID.randomUUID()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a value");
    assertThat(store.lastSeq()).isZero();
  }

  @Test
  void push_treatsChangeIdOfAnotherDocAsNewChange() {
    StoredChange first = put("todo:1", 0, "a");
    pushOne(first);

    StoredChange sameIdOtherDoc =
        new StoredChange("todo:2", Op.PUT, "b".getBytes(UTF_8), 0, first.change());

    assertThat(pushOne(sameIdOtherDoc)).isInstanceOfSatisfying(
        Applied.class, applied -> assertThat(applied.repeated()).isFalse());
  }

  @Test
  void pull_rejectsInvalidArguments() {
    assertThatThrownBy(() -> store.pull("todo", 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1: 0");
    assertThatThrownBy(() -> store.pull("todo", -1, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("since must not be negative: -1");
  }

  @Test
  void close_makesLaterCallsFailWithStoreIsClosed() {
    PostgresStore postgres = (PostgresStore) store;
    store.close();

    List<Runnable> calls = List.of(
        () -> store.pull("todo", 0, 0, 10),
        () -> store.push("todo", "alice", List.of(put("todo:1", 0, "a"))),
        () -> store.purge(clock.instant()),
        () -> store.lastSeq(),
        () -> store.checkHealth(),
        () -> postgres.onOtherNodesPush((group, cursor) -> {}));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("store is closed");
    }
  }

  @Test
  void close_canBeCalledTwice() {
    store.close();
    store.close();
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
