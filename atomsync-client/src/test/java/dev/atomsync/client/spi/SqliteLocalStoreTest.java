package dev.atomsync.client.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.atomsync.client.Durability;
import dev.atomsync.client.internal.SqliteLocalStore;
import dev.atomsync.core.Op;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Holds the SQLite store to the contract, and checks what only a file can do. */
class SqliteLocalStoreTest extends LocalStoreContractTest {
  @Override
  protected LocalStore newStore(Path dir) {
    return SqliteLocalStore.open(dir.resolve("client.db"), Durability.FULL);
  }

  private LocalStore reopen() {
    store.close();
    store = SqliteLocalStore.open(dir.resolve("client.db"), Durability.NORMAL);
    return store;
  }

  @Test
  void reopen_keepsDocumentsOutboxAndClientId() {
    UUID clientId = store.clientId();
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b")));
    OutboxEntry sent = store.takeForPush("todo", 1).getFirst();
    store.acknowledge("todo", List.of());
    store.write("todo", List.of(put("todo:1", "a2")));
    List<OutboxEntry> outbox = store.outbox("todo");
    StoredDoc doc = store.document("todo:1");

    reopen();

    assertThat(store.clientId()).isEqualTo(clientId);
    assertThat(store.outbox("todo")).isEqualTo(outbox);
    assertThat(store.document("todo:1")).isEqualTo(doc);
    assertThat(store.takeForPush("todo", 10).getFirst()).isEqualTo(sent);
  }

  @Test
  void reopen_keepsEntriesInFlightSoThatALaterWriteNeverReusesTheirChangeIds() {
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b"), put("todo:3", "c")));
    List<OutboxEntry> sent = store.takeForPush("todo", 2);

    reopen();

    assertThat(store.outbox("todo")).extracting(OutboxEntry::inFlight)
        .containsExactly(true, true, false);
    store.write("todo", List.of(put("todo:1", "a2"), put("todo:3", "c2")));
    List<OutboxEntry> outbox = store.outbox("todo");
    assertThat(outbox).extracting(OutboxEntry::id).containsExactly("todo:1", "todo:2", "todo:3",
        "todo:1");
    assertThat(outbox.get(0)).isEqualTo(sent.get(0));
    assertThat(outbox.get(2).change()).isNotIn(sent.get(0).change(), sent.get(1).change());
    assertThat(outbox.get(3).change()).isNotEqualTo(sent.get(0).change());
    assertThat(text(outbox.get(3).value())).isEqualTo("a2");
    assertThat(store.takeForPush("todo", 10)).containsExactly(sent.get(0), sent.get(1),
        new OutboxEntry(outbox.get(2).seq(), "todo:3", Op.PUT, bytes("c2"), 0,
            outbox.get(2).change(), true));
  }

  @Test
  void reopen_afterEveryEntryWasAcknowledgedStartsNewEntriesPending() {
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b")));
    List<OutboxEntry> sent = store.takeForPush("todo", 10);
    store.acknowledge("todo", sent.stream().map(entry -> new Ack(entry.id(), entry.change(), 1))
        .toList());

    reopen();
    store.write("todo", List.of(put("todo:1", "a2"), put("todo:3", "c")));

    assertThat(store.outbox("todo")).extracting(OutboxEntry::id, OutboxEntry::inFlight)
        .containsExactly(tuple("todo:1", false), tuple("todo:3", false));
    store.write("todo", List.of(put("todo:1", "a3")));
    assertThat(store.outbox("todo")).hasSize(2);
    assertThat(text(store.outbox("todo").getFirst().value())).isEqualTo("a3");
  }

  @Test
  void open_refusesSqliteFileOfAnotherApplication() throws Exception {
    Path foreign = dir.resolve("foreign.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + foreign);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
    }

    assertThatThrownBy(() -> SqliteLocalStore.open(foreign, Durability.FULL))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining(foreign.toString())
        .hasMessageContaining("not an AtomSync client file");
    // The refusal released the file: the same process may try again.
    assertThatThrownBy(() -> SqliteLocalStore.open(foreign, Durability.FULL))
        .hasMessageContaining("not an AtomSync client file");
  }

  @Test
  void open_refusesFileOfNewerSchema() throws Exception {
    store.close();
    Path file = dir.resolve("client.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE meta SET value = 99 WHERE key = 'schema_version'");
    }

    assertThatThrownBy(() -> SqliteLocalStore.open(file, Durability.FULL))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("schema version 99 is newer");
  }

  @Test
  void open_ofFileAlreadyOpenFails() {
    assertThatThrownBy(() -> SqliteLocalStore.open(dir.resolve("client.db"), Durability.FULL))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("already open in this process");
  }

  @Test
  void reopen_keepsPositionAndRemoteState() {
    store.write("todo", List.of(put("todo:1", "mine")));
    store.applyPull("todo", List.of(remote("todo:1", "theirs", 3)), new PullPosition(12, 5), false);
    StoredDoc doc = store.document("todo:1");

    reopen();

    assertThat(store.position("todo")).isEqualTo(new PullPosition(12, 5));
    assertThat(store.document("todo:1")).isEqualTo(doc);
    assertThat(doc.remoteVersion()).isEqualTo(3);
  }

  @Test
  void applyPull_whosePositionCannotBeWrittenLeavesTheDocumentsUnchanged() throws Exception {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = store.takeForPush("todo", 10).getFirst();
    store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));
    StoredDoc doc = store.document("todo:1");
    addTrigger("BEFORE INSERT ON cursors");

    assertThatThrownBy(() -> store.applyPull("todo",
        List.of(remote("todo:1", "theirs", 2), remote("todo:2", "new", 1)),
        new PullPosition(8, 0), false))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("disk full (simulated)");

    assertThat(store.document("todo:1")).isEqualTo(doc);
    assertThat(store.document("todo:2")).isNull();
    assertThat(store.position("todo")).isEqualTo(PullPosition.START);
  }

  @Test
  void applyPull_whoseDocumentCannotBeWrittenLeavesThePositionUnchanged() throws Exception {
    store.applyPull("todo", List.of(remote("todo:1", "a", 1)), new PullPosition(4, 2), false);
    addTrigger("BEFORE INSERT ON docs WHEN NEW.id = 'todo:3'");

    assertThatThrownBy(() -> store.applyPull("todo",
        List.of(remote("todo:2", "b", 2), remote("todo:3", "c", 3)),
        new PullPosition(8, 2), false))
        .isInstanceOf(LocalStoreException.class);

    assertThat(store.position("todo")).isEqualTo(new PullPosition(4, 2));
    assertThat(store.load("todo")).containsOnlyKeys("todo:1");
  }

  @Test
  void write_thatFailsHalfwayLeavesTheOrderOfEntriesAsCommitted() throws Exception {
    addTrigger("BEFORE INSERT ON docs WHEN NEW.id = 'todo:3'");
    store.write("todo", List.of(put("todo:1", "a")));
    assertThat(store.pendingCount("todo")).isEqualTo(1);

    assertThatThrownBy(() -> store.write("todo", List.of(put("todo:2", "b"), put("todo:3", "c"))))
        .isInstanceOf(LocalStoreException.class);
    store.write("todo", List.of(put("todo:4", "d")));

    assertThat(store.pendingCount("todo")).isEqualTo(2);
    assertThat(store.takeForPush("todo", 10)).extracting(OutboxEntry::id)
        .containsExactly("todo:1", "todo:4");
  }

  @Test
  void documentsInSync_storeTheirValueOnceAndALaterWriteKeepsTheBase() throws Exception {
    store.write("todo", List.of(put("todo:1", "mine")));
    store.acknowledge("todo", List.of(ack(only(store.takeForPush("todo", 10)), 1)));
    store.applyPull("todo", List.of(remote("todo:2", "theirs", 2)), new PullPosition(2, 0), false);
    assertThat(storedBaseValues()).containsOnly("todo:1 local", "todo:2 local");

    store.write("todo", List.of(put("todo:1", "mine again")));

    assertThat(storedBaseValues()).containsOnly("todo:1 mine", "todo:2 local");
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("mine again"), bytes("mine"), 1));
    assertThat(store.document("todo:2"))
        .isEqualTo(new StoredDoc("todo:2", bytes("theirs"), bytes("theirs"), 2));
  }

  /** Returns "id base" per row, where base is the stored base value or "local" for the flag. */
  private List<String> storedBaseValues() throws Exception {
    store.close();
    List<String> rows = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("client.db"));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(
            "SELECT id, base_is_local, CAST(base_value AS TEXT) FROM docs ORDER BY id")) {
      while (result.next()) {
        rows.add(result.getString(1) + " "
            + (result.getBoolean(2) ? "local" : result.getString(3)));
      }
    }
    reopen();
    return rows;
  }

  @Test
  void open_migratesAVersionOneFileInPlace() throws Exception {
    store.close();
    Path file = dir.resolve("v1.db");
    UUID change = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      for (String sql : VERSION_1_SCHEMA) {
        statement.execute(sql);
      }
      statement.execute("INSERT INTO meta (key, value) VALUES"
          + " ('client_id', '00000000-0000-0000-0000-0000000000c1')");
      statement.execute("INSERT INTO docs (id, grp, value, base_value, base_version)"
          + " VALUES ('todo:1', 'todo', x'6d696e65', x'61', 1)");
      statement.execute("INSERT INTO outbox (grp, id, in_flight, op, value, base, change)"
          + " VALUES ('todo', 'todo:1', 0, 'put', x'6d696e65', 1,"
          + " x'0000000000000000000000000000000c')");
      statement.execute("INSERT INTO cursors (grp, cursor, horizon) VALUES ('todo', 7, 3)");
    }

    store = SqliteLocalStore.open(file, Durability.FULL);

    assertThat(store.clientId()).isEqualTo(UUID.fromString("00000000-0000-0000-0000-0000000000c1"));
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("mine"), bytes("a"), 1));
    assertThat(only(store.outbox("todo")).change()).isEqualTo(change);
    assertThat(store.position("todo")).isEqualTo(new PullPosition(7, 3));
    store.applyPull("todo", List.of(remote("todo:1", "theirs", 2)), new PullPosition(8, 3), false);
    assertThat(store.document("todo:1").remoteVersion()).isEqualTo(2);
    store.close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(4);
    }
    store = SqliteLocalStore.open(file, Durability.FULL);
    assertThat(store.document("todo:1").remoteVersion()).isEqualTo(2);
  }

  @Test
  void open_migratesAVersionTwoFileInPlace_keepingPendingAndInFlightEntries() throws Exception {
    store.close();
    Path file = dir.resolve("v2.db");
    UUID sent = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    UUID pending = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    UUID other = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      for (String sql : VERSION_1_SCHEMA) {
        statement.execute(sql);
      }
      statement.execute("ALTER TABLE docs ADD COLUMN remote_value BLOB");
      statement.execute("ALTER TABLE docs ADD COLUMN remote_version INTEGER NOT NULL DEFAULT 0");
      statement.execute("UPDATE meta SET value = 2 WHERE key = 'schema_version'");
      statement.execute("INSERT INTO meta (key, value) VALUES"
          + " ('client_id', '00000000-0000-0000-0000-0000000000c2')");
      // todo:1: "b" in flight on base 1, then "c" pending; a pull kept version 3 aside.
      statement.execute("INSERT INTO docs (id, grp, value, base_value, base_version,"
          + " remote_value, remote_version) VALUES ('todo:1', 'todo', x'63', x'61', 1, x'72', 3)");
      statement.execute("INSERT INTO outbox (seq, grp, id, in_flight, op, value, base, change)"
          + " VALUES (4, 'todo', 'todo:1', 1, 'put', x'62', 1,"
          + " x'0000000000000000000000000000000a')");
      statement.execute("INSERT INTO outbox (seq, grp, id, in_flight, op, value, base, change)"
          + " VALUES (7, 'todo', 'todo:1', 0, 'put', x'63', 1,"
          + " x'0000000000000000000000000000000b')");
      // todo:2: deleted locally, pending; todo:3: synced, no entry.
      statement.execute("INSERT INTO docs (id, grp, value, base_value, base_version)"
          + " VALUES ('todo:2', 'todo', NULL, x'64', 2)");
      statement.execute("INSERT INTO outbox (seq, grp, id, in_flight, op, value, base, change)"
          + " VALUES (5, 'todo', 'todo:2', 0, 'delete', NULL, 2,"
          + " x'0000000000000000000000000000000c')");
      statement.execute("INSERT INTO docs (id, grp, value, base_value, base_version)"
          + " VALUES ('todo:3', 'todo', x'65', x'65', 5)");
    }

    store = SqliteLocalStore.open(file, Durability.FULL);

    assertThat(store.clientId()).isEqualTo(UUID.fromString("00000000-0000-0000-0000-0000000000c2"));
    assertThat(store.outbox("todo")).containsExactly(
        new OutboxEntry(4, "todo:1", Op.PUT, bytes("b"), 1, sent, true),
        new OutboxEntry(5, "todo:2", Op.DELETE, null, 2, other, false),
        new OutboxEntry(7, "todo:1", Op.PUT, bytes("c"), 1, pending, false));
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("c"), bytes("a"), 1, bytes("r"), 3));
    assertThat(store.load("todo")).containsOnlyKeys("todo:1", "todo:3");
    assertThat(store.pendingCount("todo")).isEqualTo(2);

    store.acknowledge("todo", List.of(new Ack("todo:1", sent, 2)));
    store.write("todo", List.of(LocalWrite.put("todo:4", bytes("f"))));
    List<OutboxEntry> next = store.takeForPush("todo", 10);
    assertThat(next).extracting(OutboxEntry::id).containsExactly("todo:2", "todo:1", "todo:4");
    assertThat(next.get(1)).isEqualTo(new OutboxEntry(7, "todo:1", Op.PUT, bytes("c"), 2, pending,
        true));
    assertThat(next.get(2).seq()).isGreaterThan(7);
  }

  /** Makes every write {@code when} fail inside the store's transaction, as a full disk would. */
  private void addTrigger(String when) throws Exception {
    store.close();
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("client.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TRIGGER fail " + when
          + " BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
    }
    reopen();
  }

  /** The schema of version 1, as the first release wrote it. */
  private static final String[] VERSION_1_SCHEMA = {
    """
    CREATE TABLE docs (
      id TEXT PRIMARY KEY,
      grp TEXT NOT NULL,
      value BLOB,
      base_value BLOB,
      base_version INTEGER NOT NULL DEFAULT 0)""",
    """
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY,
      grp TEXT NOT NULL,
      id TEXT NOT NULL,
      in_flight INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('put', 'delete')),
      value BLOB,
      base INTEGER NOT NULL,
      change BLOB NOT NULL UNIQUE,
      UNIQUE (id, in_flight))""",
    "CREATE INDEX outbox_group ON outbox (grp, in_flight, seq)",
    """
    CREATE TABLE cursors (
      grp TEXT PRIMARY KEY,
      cursor INTEGER NOT NULL,
      horizon INTEGER NOT NULL)""",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value)",
    "INSERT INTO meta (key, value) VALUES ('schema_version', 1)",
    "INSERT INTO meta (key, value) VALUES ('value_format', 'application/transit+json')",
    "PRAGMA application_id = 1098142563",
  };
}
