package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.Conflict.Outcome;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.OfflineEdits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both clients create the same document id while offline ({@link OfflineEdits}: a pushes first,
 * b second): b's create was made on version 0, which the server no longer has.
 */
class NewDocumentConflictTest extends EndToEndTest {
  private static final String ID = "todo:new";
  private static final Map<Object, Object> FROM_A = Map.of(kw("title"), "from a");
  private static final Map<Object, Object> FROM_B = Map.of(kw("note"), "from b");

  @Test
  void serverWinsTakesFirstCreate() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.serverWins(), ID, null);

    edits.editThenReconnectAThenB(a -> a.put(ID, FROM_A), b -> b.put(ID, FROM_B));

    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.DROPPED_LOCAL, FROM_B, FROM_A, 1, FROM_A));
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.value()).isEqualTo(FROM_A);
    assertThat(onServer.version()).isEqualTo(1);
  }

  @Test
  void clientWinsTakesSecondCreate() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.clientWins(), ID, null);

    edits.editThenReconnectAThenB(a -> a.put(ID, FROM_A), b -> b.put(ID, FROM_B));

    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.KEPT_LOCAL, FROM_B, FROM_A, 1, FROM_B));
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.value()).isEqualTo(FROM_B);
    assertThat(onServer.version()).isEqualTo(2);
  }

  @Test
  void mergeFieldsJoinsBothCreates() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.mergeFields(), ID, null);

    edits.editThenReconnectAThenB(a -> a.put(ID, FROM_A), b -> b.put(ID, FROM_B));

    Map<Object, Object> merged = Map.of(kw("title"), "from a", kw("note"), "from b");
    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.MERGED, FROM_B, FROM_A, 1, merged));
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.value()).isEqualTo(merged);
    assertThat(onServer.version()).isEqualTo(2);
  }
}
