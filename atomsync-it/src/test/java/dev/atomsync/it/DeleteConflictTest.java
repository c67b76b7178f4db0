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
 * One client deletes a document offline while the other edits it, under each conflict strategy
 * ({@link OfflineEdits}: a pushes first, b second).
 */
class DeleteConflictTest extends EndToEndTest {
  private static final String ID = "todo:1";
  private static final Map<Object, Object> BASE =
      Map.of(kw("title"), "Buy milk", kw("done"), false);
  private static final Map<Object, Object> EDIT =
      Map.of(kw("title"), "Buy milk", kw("done"), true);

  @Test
  void serverWinsDropsEditOfDocumentDeletedFirst() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.serverWins(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.remove(ID), b -> b.put(ID, EDIT));

    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.DROPPED_LOCAL, EDIT, null, 2, null));
    edits.bWatch().awaitRemoved(ID);
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.deleted()).isTrue();
    assertThat(onServer.version()).isEqualTo(2);
  }

  @Test
  void serverWinsDropsDeleteOfDocumentEditedFirst() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.serverWins(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.put(ID, EDIT), b -> b.remove(ID));

    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.DROPPED_LOCAL, null, EDIT, 2, EDIT));
    edits.bWatch().awaitDoc(ID, EDIT);
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.value()).isEqualTo(EDIT);
    assertThat(onServer.version()).isEqualTo(2);
  }

  @Test
  void clientWinsRevivesDocumentDeletedFirst() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.clientWins(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.remove(ID), b -> b.put(ID, EDIT));

    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.KEPT_LOCAL, EDIT, null, 2, EDIT));
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.deleted()).isFalse();
    assertThat(onServer.value()).isEqualTo(EDIT);
    assertThat(onServer.version()).isEqualTo(3);
  }

  @Test
  void clientWinsDeletesDocumentEditedFirst() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.clientWins(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.put(ID, EDIT), b -> b.remove(ID));

    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.KEPT_LOCAL, null, EDIT, 2, null));
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.deleted()).isTrue();
    assertThat(onServer.version()).isEqualTo(3);
  }

  @Test
  void mergeFieldsKeepsEditOfDocumentDeletedFirst() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.mergeFields(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.remove(ID), b -> b.put(ID, EDIT));

    assertThat(edits.bConflicts().awaitOne())
        .isEqualTo(new Conflict(ID, Outcome.MERGED, EDIT, null, 2, EDIT));
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.deleted()).isFalse();
    assertThat(onServer.value()).isEqualTo(EDIT);
  }

  @Test
  void mergeFieldsKeepsEditOverLaterDelete() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.mergeFields(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.put(ID, EDIT), b -> b.remove(ID));

    Conflict conflict = edits.bConflicts().awaitOne();
    assertThat(conflict.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(conflict.local()).isNull();
    assertThat(conflict.resolved()).isEqualTo(EDIT);
    edits.bWatch().awaitDoc(ID, EDIT);
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.deleted()).isFalse();
    assertThat(onServer.value()).isEqualTo(EDIT);
  }
}
