package dev.atomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A synced atom refuses documents whose push the server's request limit would refuse forever. */
class DocumentSizeLimitTest {
  private static final URI NO_SERVER = URI.create("http://127.0.0.1:9/sync");
  private static final String TOO_BIG = "x".repeat((int) SyncOptions.MAX_DOCUMENT_BYTES);

  private final AtomSync db = AtomSync.inMemory();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void syncedAtom_refusesADocumentOverTheLimitAndChangesNothing() {
    SyncedAtom todos = db.atom("todo", SyncOptions.server(NO_SERVER));
    todos.put("todo:small", "fine");

    assertThatThrownBy(() -> todos.swap(m -> m.plus("todo:big", TOO_BIG).plus("todo:2", "two")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("todo:big")
        .hasMessageContaining("at most " + SyncOptions.MAX_DOCUMENT_BYTES);
    assertThat(todos.deref()).containsOnlyKeys("todo:small");
    assertThat(todos.pendingCount()).isEqualTo(1);
  }

  @Test
  void localOnlyAtom_takesLargeDocuments() {
    SyncedAtom notes = db.atom("notes");

    notes.put("notes:big", TOO_BIG);

    assertThat(notes.get("notes:big")).isEqualTo(TOO_BIG);
  }
}
