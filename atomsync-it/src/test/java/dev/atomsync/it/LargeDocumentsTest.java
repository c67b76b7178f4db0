package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.DocMap;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.server.ServerOptions;
import org.junit.jupiter.api.Test;

/**
 * Documents that are large together: one swap whose changes exceed the server's request body limit
 * (PROTOCOL.md: 16 MiB) is still pushed, in more than one request.
 */
class LargeDocumentsTest extends EndToEndTest {
  private static final int DOCS = 24;
  private static final int CHARS = 1024 * 1024;

  @Test
  void swapLargerThanServerBodyLimitStillSyncs() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    assertThat((long) DOCS * CHARS).isGreaterThan(ServerOptions.DEFAULT_MAX_BODY_BYTES);

    a.swap(m -> {
      DocMap next = m;
      for (int i = 0; i < DOCS; i++) {
        next = next.plus("todo:" + i, String.valueOf((char) ('a' + i)).repeat(CHARS));
      }
      return next;
    });

    Await.await("a pushed every document").untilAsserted(() -> {
      assertThat(a.status()).as("status").isNotEqualTo(SyncStatus.ERROR);
      assertThat(a.pendingCount()).as("pending").isZero();
    });
    Await.await("b has every document")
        .untilAsserted(() -> assertThat(b.deref()).isEqualTo(a.deref()));
    assertThat(server.wire().values("todo")).hasSize(DOCS);
  }
}
