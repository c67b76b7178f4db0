package dev.atomsync.server.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.ManualClock;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoreContractTest;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the store contract on {@link SqliteStore}, plus what only a file-backed store promises. */
class SqliteStoreTest extends StoreContractTest {
  @TempDir Path dir;
  private Path file;

  @Override
  protected Store newStore(InstantSource clock) {
    file = dir.resolve("store.db");
    return SqliteStore.open(file, clock);
  }

  // ---- one writer per file

  @Test
  void push_failsLoudlyWhenAnotherStoreWritesTheSameFile() {
    pushOne(put("todo:1", 0, "a"));
    try (SqliteStore second = SqliteStore.open(file, clock)) {
      second.push("todo", "bob", List.of(put("todo:2", 0, "b")));

      assertThatThrownBy(() -> store.push("todo", "alice", List.of(put("todo:3", 0, "c"))))
          .hasMessageContaining("another process writes to this file");
    }
    assertThat(pullAll("todo")).extracting(StoredDoc::id).containsExactly("todo:1", "todo:2");
  }

  // ---- reopening

  @Test
  void reopen_keepsEveryAcknowledgedWrite() {
    for (int i = 0; i < 30; i++) {
      String group = i % 2 == 0 ? "todo" : "notes";
      store.push(group, "alice", List.of(put(group + ":" + i, 0, "v" + i)));
      clock.advance(Duration.ofSeconds(1));
    }
    pushOne(delete("todo:0", 1));
    List<StoredDoc> todos = pullAll("todo");
    List<StoredDoc> notes = pullAll("notes");
    long lastSeq = store.lastSeq();

    reopen();

    assertSameDocs(pullAll("todo"), todos);
    assertSameDocs(pullAll("notes"), notes);
    assertThat(store.lastSeq()).isEqualTo(lastSeq);
    assertThat(pushOne(put("todo:new", 0, "n"))).extracting("seq").isEqualTo(lastSeq + 1);
  }

  @Test
  void reopen_neverReusesSeqOfPurgedNewestDocs() {
    pushOne(put("todo:1", 0, "a"));
    Applied newest = (Applied) pushOne(delete("todo:1", 1));
    clock.advance(Duration.ofHours(1));
    store.purge(clock.instant());

    reopen();

    assertThat(store.lastSeq()).isEqualTo(newest.seq());
    assertThat(pushOne(put("todo:2", 0, "b"))).extracting("seq").isEqualTo(newest.seq() + 1);
  }

  @Test
  void reopen_keepsUpdatedTimeMonotoneAfterClockWentBack() {
    clock.advance(Duration.ofHours(1));
    pushOne(put("todo:1", 0, "a"));
    clock.set(ManualClock.START);

    reopen();
    pushOne(put("todo:2", 0, "b"));

    List<StoredDoc> docs = pullAll("todo");
    assertThat(docs.get(1).updated()).isEqualTo(docs.get(0).updated());
  }

  @Test
  void reopen_keepsChangeIdsAndHorizons() {
    Applied deleted = (Applied) pushOne(delete("todo:2", 0));
    clock.advance(Duration.ofHours(1));
    StoredChange change = put("todo:1", 0, "a");
    Applied first = (Applied) pushOne(change);
    store.purge(ManualClock.START.plus(Duration.ofMinutes(30)));

    reopen();

    assertThat(pushOne(change)).isEqualTo(new Applied("todo:1", 1, first.seq(), true));
    assertThat(store.pull("todo", 0, 0, 10).horizon()).isEqualTo(deleted.seq());
  }

  // ---- opening

  @Test
  void open_putsFileInWalMode() throws SQLException {
    assertThat(query(file, "PRAGMA journal_mode")).isEqualTo("wal");
    assertThat(query(file, "PRAGMA application_id")).isEqualTo(String.valueOf(Schema.APPLICATION_ID));
  }

  @Test
  void open_failsClearlyOnFileThatIsNotADatabase() throws Exception {
    Path notes = dir.resolve("notes.txt");
    String text = "Shopping list: milk, eggs, and a file that is certainly not SQLite.\n".repeat(20);
    Files.writeString(notes, text);

    assertThatThrownBy(() -> SqliteStore.open(notes, clock))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining(notes.toString())
        .hasMessageContaining("not an SQLite database");
    assertThat(Files.readString(notes)).isEqualTo(text);
  }

  @Test
  void open_failsClearlyOnDatabaseOfAnotherApplication() throws SQLException {
    Path other = dir.resolve("other.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }

    assertThatThrownBy(() -> SqliteStore.open(other, clock))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining(other.toString())
        .hasMessageContaining("not an AtomSync store");
    assertThat(query(other, "PRAGMA journal_mode")).isEqualTo("delete");
  }

  @Test
  void open_refusesSchemaNewerThanThisBuild() throws SQLException {
    store.close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE meta SET value = 99 WHERE key = 'schema_version'");
    }

    assertThatThrownBy(() -> SqliteStore.open(file, clock))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("schema version 99 is newer");
  }

  @Test
  void open_migratesVersionOneFileKeepingEveryChangeId() throws SQLException {
    store.close();
    Path old = dir.resolve("version-1.db");
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement statement = connection.createStatement()) {
      for (String sql : VERSION_1_SCHEMA) {
        statement.execute(sql);
      }
      statement.execute("INSERT INTO docs VALUES ('todo:1', 'todo', 2, 2, 0, 20, 'alice', X'62')");
      statement.execute("INSERT INTO docs VALUES ('todo:2', 'todo', 1, 3, 0, 30, 'alice', X'63')");
      statement.execute("INSERT INTO changes VALUES ('todo:1', " + hex(first) + ", 1, 1, 10)");
      statement.execute("INSERT INTO changes VALUES ('todo:1', " + hex(second) + ", 2, 2, 20)");
      statement.execute("INSERT INTO changes VALUES ('todo:2', " + hex(other) + ", 1, 3, 30)");
      statement.execute("UPDATE meta SET value = 3 WHERE key = 'last_seq'");
    }

    store = SqliteStore.open(old, clock);

    assertThat(query(old, "SELECT value FROM meta WHERE key = 'schema_version'")).isEqualTo("2");
    assertThat(query(old, "SELECT count(*) FROM sqlite_schema WHERE name = 'changes'"))
        .isEqualTo("0");
    assertThat(store.push("todo", "alice", List.of(
            new StoredChange("todo:1", Op.PUT, "a".getBytes(UTF_8), 0, first),
            new StoredChange("todo:2", Op.PUT, "c".getBytes(UTF_8), 0, other)))
        .outcomes())
        .containsExactly(new Applied("todo:1", 1, 1, true), new Applied("todo:2", 1, 3, true));
    assertThat(pushOne(new StoredChange("todo:1", Op.PUT, "b".getBytes(UTF_8), 1, second)))
        .isEqualTo(new Applied("todo:1", 2, 2, true));
    assertThat(store.purge(clock.instant().plusSeconds(1)).changeIds()).isEqualTo(3);
  }

  @Test
  void open_failsWhenDirectoryIsMissing() {
    Path missing = dir.resolve("no-such-dir").resolve("store.db");

    assertThatThrownBy(() -> SqliteStore.open(missing, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("directory does not exist");
  }

  @Test
  void open_worksWithNormalDurability() {
    store.close();

    store = SqliteStore.open(file, clock, Durability.NORMAL);

    assertThat(pushOne(put("todo:1", 0, "a"))).isInstanceOf(Applied.class);
  }

  // ---- backup

  @Test
  void backup_producesFileThatOpensWithSameDocs() {
    pushOne(put("todo:1", 0, "a"));
    pushOne(delete("todo:2", 0));
    List<StoredDoc> docs = pullAll("todo");
    Path copy = dir.resolve("backup.db");

    ((SqliteStore) store).backup(copy);

    try (SqliteStore restored = SqliteStore.open(copy, clock)) {
      assertThat(restored.lastSeq()).isEqualTo(store.lastSeq());
      assertSameDocs(restored.pull("todo", 0, 0, 100).docs(), docs);
    }
  }

  @Test
  void backup_refusesExistingTarget() throws Exception {
    Path copy = Files.writeString(dir.resolve("backup.db"), "keep me");

    assertThatThrownBy(() -> ((SqliteStore) store).backup(copy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(copy.toString());
    assertThat(Files.readString(copy)).isEqualTo("keep me");
  }

  // ---- failures and closing

  @Test
  void push_rollsBackWholePushWhenAWriteFails() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TRIGGER poison BEFORE INSERT ON docs WHEN NEW.id = 'todo:poison'"
              + " BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
    }

    assertThatThrownBy(() -> store.push("todo", "alice",
            List.of(put("todo:1", 0, "a"), put("todo:poison", 0, "p"))))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining("push to group todo")
        .hasMessageContaining("poisoned");

    assertThat(pullAll("todo")).isEmpty();
    assertThat(store.lastSeq()).isZero();
    Applied next = (Applied) pushOne(put("todo:2", 0, "b"));
    assertThat(next.seq()).isEqualTo(1);
    assertThat(pullAll("todo")).extracting(StoredDoc::id).containsExactly("todo:2");
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
    assertThatThrownBy(() -> store.push("to do", "a", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group");
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
    assertThat(pullAll("todo")).extracting(StoredDoc::id).containsExactly("todo:1", "todo:2");
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
    SqliteStore sqlite = (SqliteStore) store;
    store.close();

    List<Runnable> calls = List.of(
        () -> store.pull("todo", 0, 0, 10),
        () -> store.push("todo", "alice", List.of(put("todo:1", 0, "a"))),
        () -> store.purge(clock.instant()),
        () -> store.lastSeq(),
        () -> store.checkHealth(),
        () -> sqlite.backup(dir.resolve("after-close.db")));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("store is closed");
    }
  }

  @Test
  void close_checkpointsWalIntoFile() {
    pushOne(put("todo:1", 0, "a"));
    store.pull("todo", 0, 0, 10);

    store.close();

    assertThat(dir.resolve("store.db-wal")).doesNotExist();
  }

  @Test
  void close_canBeCalledTwice() {
    store.close();
    store.close();
  }

  /** The schema of version 1, which kept every change id in a table of its own. */
  private static final String[] VERSION_1_SCHEMA = {
    "CREATE TABLE docs (id TEXT PRIMARY KEY, grp TEXT NOT NULL, version INTEGER NOT NULL,"
        + " seq INTEGER NOT NULL, deleted INTEGER NOT NULL, updated INTEGER NOT NULL,"
        + " author TEXT, value BLOB)",
    "CREATE INDEX docs_group_seq ON docs (grp, seq)",
    "CREATE INDEX docs_tombstones ON docs (updated, grp, seq) WHERE deleted = 1",
    "CREATE TABLE changes (id TEXT NOT NULL, change BLOB NOT NULL, version INTEGER NOT NULL,"
        + " seq INTEGER NOT NULL, applied INTEGER NOT NULL, PRIMARY KEY (id, change))"
        + " WITHOUT ROWID",
    "CREATE TABLE horizons (grp TEXT PRIMARY KEY, purged_seq INTEGER NOT NULL)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
    "INSERT INTO meta (key, value) VALUES ('schema_version', 1)",
    "INSERT INTO meta (key, value) VALUES ('last_seq', 0)",
    "INSERT INTO meta (key, value) VALUES ('last_updated', 0)",
    "PRAGMA application_id = " + Schema.APPLICATION_ID,
  };

  private static String hex(UUID change) {
    return String.format("X'%016x%016x'", change.getMostSignificantBits(),
        change.getLeastSignificantBits());
  }

  private void reopen() {
    store.close();
    store = SqliteStore.open(file, clock);
  }

  private static void assertSameDocs(List<StoredDoc> actual, List<StoredDoc> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      StoredDoc a = actual.get(i);
      StoredDoc e = expected.get(i);
      assertThat(List.of(a.id(), a.version(), a.deleted(), a.seq(), a.updated()))
          .isEqualTo(List.of(e.id(), e.version(), e.deleted(), e.seq(), e.updated()));
      assertThat(a.value()).isEqualTo(e.value());
    }
  }

  private static String query(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
