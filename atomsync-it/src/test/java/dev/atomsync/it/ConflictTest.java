package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.MergeFunction;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.OfflineEdits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two clients edit one document while offline, then reconnect one after the other ({@link
 * OfflineEdits}): a pushes first and wins the server's version 2, b's push is stale, and b's
 * conflict strategy decides.
 */
class ConflictTest extends EndToEndTest {
  private static final String ID = "todo:1";
  private static final Map<Object, Object> BASE =
      Map.of(kw("title"), "Buy milk", kw("done"), false);
  private static final Map<Object, Object> A_EDIT =
      Map.of(kw("title"), "Buy oat milk", kw("done"), false);
  private static final Map<Object, Object> B_EDIT =
      Map.of(kw("title"), "Buy milk", kw("done"), true);

  @Test
  void serverWinsDropsSecondPushersEdit() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.serverWins(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.put(ID, A_EDIT), b -> b.put(ID, B_EDIT));

    Conflict conflict = edits.bConflicts().awaitOne();
    assertThat(conflict).isEqualTo(
        new Conflict(ID, Conflict.Outcome.DROPPED_LOCAL, B_EDIT, A_EDIT, 2, A_EDIT));
    edits.bWatch().awaitDoc(ID, A_EDIT);
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.value()).isEqualTo(A_EDIT);
    assertThat(onServer.version()).as("b's edit was never written").isEqualTo(2);
    Await.synced(edits.a());
    assertThat(edits.aConflicts().conflicts()).isEmpty();
  }

  @Test
  void clientWinsKeepsLastPushersValueEverywhere() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.clientWins(), ID, BASE);

    edits.editThenReconnectAThenB(a -> a.put(ID, A_EDIT), b -> b.put(ID, B_EDIT));

    Conflict conflict = edits.bConflicts().awaitOne();
    assertThat(conflict).isEqualTo(
        new Conflict(ID, Conflict.Outcome.KEPT_LOCAL, B_EDIT, A_EDIT, 2, B_EDIT));
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.value()).isEqualTo(B_EDIT);
    assertThat(onServer.version()).as("b's value pushed again on version 2").isEqualTo(3);
    assertThat(edits.aConflicts().conflicts()).isEmpty();
  }

  @Test
  void mergeFieldsKeepsBothClientsEditsOfDifferentFields() {
    OfflineEdits edits =
        OfflineEdits.open(this, ConflictStrategy.merge(MergeFunction.fields()), ID, BASE);
    Map<Object, Object> merged = Map.of(kw("title"), "Buy oat milk", kw("done"), true);

    edits.editThenReconnectAThenB(a -> a.put(ID, A_EDIT), b -> b.put(ID, B_EDIT));

    Conflict conflict = edits.bConflicts().awaitOne();
    assertThat(conflict).isEqualTo(
        new Conflict(ID, Conflict.Outcome.MERGED, B_EDIT, A_EDIT, 2, merged));
    edits.bWatch().awaitDoc(ID, merged);
    Doc onServer = edits.awaitConverged();
    assertThat(onServer.value()).isEqualTo(merged);
    assertThat(onServer.version()).isEqualTo(3);
    assertThat(edits.aConflicts().conflicts()).isEmpty();
  }

  @Test
  void mergeFieldsTakesRemoteValueWhereBothChangedTheSameField() {
    OfflineEdits edits = OfflineEdits.open(this, ConflictStrategy.mergeFields(), ID, BASE);
    Map<Object, Object> aEdit = Map.of(kw("title"), "Buy oat milk", kw("done"), false);
    Map<Object, Object> bEdit = Map.of(kw("title"), "Buy soy milk", kw("done"), true);

    edits.editThenReconnectAThenB(a -> a.put(ID, aEdit), b -> b.put(ID, bEdit));

    Map<Object, Object> merged = Map.of(kw("title"), "Buy oat milk", kw("done"), true);
    assertThat(edits.bConflicts().awaitOne().resolved()).isEqualTo(merged);
    assertThat(edits.awaitConverged().value()).isEqualTo(merged);
  }

  @Test
  void customMergeFunctionSeesBaseLocalAndRemote() {
    OfflineEdits edits = OfflineEdits.open(this,
        ConflictStrategy.merge((base, local, remote) -> Map.of(
            kw("base"), base, kw("local"), local, kw("remote"), remote)),
        ID, "base");

    edits.editThenReconnectAThenB(a -> a.put(ID, "from a"), b -> b.put(ID, "from b"));

    Map<Object, Object> merged =
        Map.of(kw("base"), "base", kw("local"), "from b", kw("remote"), "from a");
    assertThat(edits.bConflicts().awaitOne()).isEqualTo(
        new Conflict(ID, Conflict.Outcome.MERGED, "from b", "from a", 2, merged));
    assertThat(edits.awaitConverged().value()).isEqualTo(merged);
  }
}
