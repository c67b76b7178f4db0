package dev.atomsync.client.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.client.Durability;
import dev.atomsync.client.internal.SqliteLocalStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
}
