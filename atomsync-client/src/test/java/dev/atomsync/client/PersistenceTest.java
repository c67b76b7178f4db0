package dev.atomsync.client;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.atomsync.client.internal.SqliteLocalStore;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.LocalStoreException;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.testing.CountingLocalStore;
import dev.atomsync.client.testing.Status;
import dev.atomsync.client.testing.TestCodecs;
import dev.atomsync.client.testing.Todo;
import dev.atomsync.client.testing.WatchRecorder;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Op;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an atom keeps across a close and reopen of its SQLite file. */
class PersistenceTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("client.db");
  }

  private AtomSync open() {
    return AtomSync.open(file(), AtomSyncOptions.defaults().codec(TestCodecs.TODOS));
  }

  @Test
  void reopen_restoresDocumentsWithTheirTypes() {
    Todo todo = new Todo("Buy milk", false, 2, Status.OPEN);
    Map<Object, Object> rich = Map.of(
        kw("tags"), Set.of(kw("groceries")),
        kw("vector"), new ArrayList<>(List.of(1L, 2L)),
        kw("list"), new LinkedList<>(List.of("a", "b")),
        kw("at"), Instant.parse("2026-11-23T10:15:30.123456789Z"),
        kw("id"), UUID.fromString("b1d9c3a0-0000-4000-8000-000000000001"),
        kw("price"), new BigDecimal("1.50"),
        kw("status"), Status.DONE);
    try (AtomSync db = open()) {
      SyncedAtom todos = db.atom("todo");
      todos.swap(m -> m.plus("todo:1", todo).plus("todo:2", rich).plus("todo:3", 7));
    }

    try (AtomSync db = open()) {
      DocMap value = db.atom("todo").deref();

      assertThat(value.get("todo:1")).isInstanceOf(Todo.class).isEqualTo(todo);
      assertThat(value.get("todo:2")).isEqualTo(rich);
      Map<?, ?> loaded = (Map<?, ?>) value.get("todo:2");
      assertThat(loaded.get(kw("list"))).isNotInstanceOf(java.util.RandomAccess.class);
      assertThat(loaded.get(kw("vector"))).isInstanceOf(java.util.RandomAccess.class);
      assertThat(value.get("todo:3")).isEqualTo(7L); // integers come back as Long
    }
  }

  @Test
  void reopen_withoutTheRecordsRegistration_readsThemAsTaggedValues() {
    try (AtomSync db = open()) {
      db.atom("todo").put("todo:1", new Todo("Buy milk", false, 1, Status.OPEN));
    }

    try (AtomSync db = AtomSync.open(file())) {
      assertThat(db.atom("todo").get("todo:1"))
          .isInstanceOf(com.cognitect.transit.TaggedValue.class);
    }
  }

  @Test
  void reopen_loadsValuesOnceSoIdentityHolds() {
    try (AtomSync db = open()) {
      db.atom("todo").put("todo:1", Map.of(kw("text"), "milk"));
    }

    try (AtomSync db = open()) {
      SyncedAtom todos = db.atom("todo");
      DocMap loaded = todos.deref();
      assertThat(todos.deref()).isSameAs(loaded);
      assertThat(todos.get("todo:1")).isSameAs(loaded.get("todo:1"));

      DocMap next = loaded.plus("todo:2", "bread");
      assertThat(todos.compareAndSet(loaded, next)).isTrue();
      assertThat(todos.deref()).isSameAs(next);
    }
  }

  @Test
  void loadedValues_areUnmodifiable() {
    try (AtomSync db = open()) {
      db.atom("todo").put("todo:1", Map.of(kw("tags"), List.of("a")));
    }

    try (AtomSync db = open()) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> doc = (Map<Object, Object>) db.atom("todo").get("todo:1");
      assertThatThrownBy(() -> doc.put(kw("x"), 1L)).isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      List<Object> tags = (List<Object>) doc.get(kw("tags"));
      assertThatThrownBy(() -> tags.add("b")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void loadedValues_canBeStoredAgainKeepingTheirTransitTypes() {
    Map<Object, Object> doc = Map.of(
        kw("list"), new LinkedList<>(List.of(1L)), kw("set"), Set.of(kw("a")),
        kw("nested"), Map.of(List.of(1L, 2L), "composite key"));
    try (AtomSync db = open()) {
      db.atom("todo").put("todo:1", doc);
    }
    try (AtomSync db = open()) {
      SyncedAtom todos = db.atom("todo");
      todos.put("todo:2", todos.get("todo:1"));
    }

    try (AtomSync db = open()) {
      Map<?, ?> copy = (Map<?, ?>) db.atom("todo").get("todo:2");
      assertThat(copy).isEqualTo(doc);
      assertThat(copy.get(kw("list"))).isNotInstanceOf(java.util.RandomAccess.class);
    }
  }

  @Test
  void undecodableStoredValue_failsLoadingNamingTheDocument() throws Exception {
    try (AtomSync db = open()) {
      db.atom("todo").put("todo:1", "milk");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE docs SET value = X'5B22' WHERE id = 'todo:1'");
    }

    try (AtomSync db = open()) {
      assertThatThrownBy(() -> db.atom("todo"))
          .isInstanceOf(LocalStoreException.class)
          .hasMessageContaining("\"todo:1\" cannot be decoded");
    }
  }

  @Test
  void reopen_keepsOneCoalescedOutboxEntryPerDocument() {
    UUID clientId;
    try (AtomSync db = open()) {
      clientId = db.clientId();
      SyncedAtom todos = db.atom("todo");
      todos.put("todo:1", "milk");
      todos.put("todo:1", "oat milk");
      todos.put("todo:2", "bread");
      todos.update("todo:1", v -> v + "!");
      todos.remove("todo:2");
    }

    try (LocalStore store = SqliteLocalStore.open(file(), Durability.FULL)) {
      assertThat(store.clientId()).isEqualTo(clientId);
      OutboxEntry entry = store.outbox("todo").getFirst();
      assertThat(store.outbox("todo")).hasSize(1);
      assertThat(entry.id()).isEqualTo("todo:1");
      assertThat(entry.op()).isEqualTo(Op.PUT);
      assertThat(TestCodecs.TODOS.decode(entry.value(), dev.atomsync.core.WireFormat.JSON))
          .isEqualTo("oat milk!");
    }
    try (AtomSync db = open()) {
      assertThat(db.clientId()).isEqualTo(clientId);
      assertThat(db.atom("todo").pendingCount()).isEqualTo(1);
      assertThat(db.atom("todo").deref()).containsOnly(entry("todo:1", "oat milk!"));
    }
  }

  @Test
  void rejectedChanges_neverReachTheFile() {
    try (AtomSync db = open()) {
      SyncedAtom todos = db.atom("todo");
      todos.put("todo:1", "milk");
      assertThatThrownBy(() -> todos.swap(m -> m.plus("todo:2", "x").plus("other:1", "y")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> todos.swap(m -> m.plus("todo:3", "x").plus("todo:4", new Object())))
          .isInstanceOf(IllegalArgumentException.class);
    }

    try (AtomSync db = open()) {
      assertThat(db.atom("todo").deref()).containsOnly(entry("todo:1", "milk"));
      assertThat(db.atom("other").deref()).isEmpty();
    }
  }

  @Test
  void atomCodec_overridesTheStoreCodec() {
    SyncOptions withTodos = SyncOptions.localOnly().codec(TestCodecs.TODOS);
    Todo todo = new Todo("Buy milk", true, 1, Status.DONE);
    try (AtomSync db = AtomSync.open(file())) {
      assertThatThrownBy(() -> db.atom("plain").put("plain:1", todo))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"plain:1\"");
      db.atom("todo", withTodos).put("todo:1", todo);
    }

    try (AtomSync db = AtomSync.open(file())) {
      assertThat(db.atom("todo", withTodos).get("todo:1")).isEqualTo(todo);
    }
  }

  @Test
  void fullDurability_writesThroughToo() throws Exception {
    try (AtomSync db = AtomSync.open(file(), AtomSyncOptions.defaults().durability(Durability.FULL))) {
      db.atom("todo").put("todo:1", "milk");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
      mode.next();
      assertThat(mode.getString(1)).isEqualTo("wal");
    }

    try (AtomSync db = open()) {
      assertThat(db.atom("todo").deref()).containsOnly(entry("todo:1", "milk"));
    }
  }

  @Test
  void failedCommit_leavesValueUnchangedAndCallsNoWatch() {
    CountingLocalStore store = new CountingLocalStore(SqliteLocalStore.open(file(), Durability.FULL));
    try (AtomSync db = AtomSync.open(store, Codec.standard())) {
      SyncedAtom todos = db.atom("todo");
      DocMap before = todos.put("todo:1", "milk");
      WatchRecorder watch = new WatchRecorder();
      todos.addWatch("w", watch);
      store.failWrites(true);

      assertThatThrownBy(() -> todos.put("todo:2", "bread"))
          .isInstanceOf(LocalStoreException.class)
          .hasMessageContaining("disk full");

      assertThat(todos.deref()).isSameAs(before);
      watch.assertExhausted();
      store.failWrites(false);
      assertThat(todos.put("todo:2", "bread")).containsOnlyKeys("todo:1", "todo:2");
    }
  }
}
