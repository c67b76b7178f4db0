package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.MergeFunction;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.ConflictRecorder;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.WatchRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two clients edit one document while offline, then reconnect one after the other: client a pushes
 * first and wins the server's version 2, client b's push is stale, and b's conflict strategy
 * decides. Each client reaches the server through a proxy of its own, so that the test, not timing,
 * decides who pushes first.
 */
class ConflictTest extends EndToEndTest {
  private static final String ID = "todo:1";
  private static final Map<Object, Object> BASE =
      Map.of(kw("title"), "Buy milk", kw("done"), false);

  private FaultProxy aNetwork;
  private FaultProxy bNetwork;
  private SyncedAtom a;
  private SyncedAtom b;
  private ConflictRecorder aConflicts;
  private ConflictRecorder bConflicts;
  private WatchRecorder bWatch;

  @Test
  void serverWinsDropsSecondPushersEdit() {
    openBoth(ConflictStrategy.serverWins());
    Map<Object, Object> aEdit = Map.of(kw("title"), "Buy oat milk", kw("done"), false);
    Map<Object, Object> bEdit = Map.of(kw("title"), "Buy milk", kw("done"), true);

    editOfflineThenReconnectAThenB(aEdit, bEdit);

    Conflict conflict = bConflicts.awaitOne();
    assertThat(conflict.id()).isEqualTo(ID);
    assertThat(conflict.outcome()).isEqualTo(Conflict.Outcome.DROPPED_LOCAL);
    assertThat(conflict.local()).isEqualTo(bEdit);
    assertThat(conflict.remote()).isEqualTo(aEdit);
    assertThat(conflict.remoteVersion()).isEqualTo(2);
    assertThat(conflict.resolved()).isEqualTo(aEdit);
    bWatch.awaitDoc(ID, aEdit);
    assertThat(b.get(ID)).isEqualTo(aEdit);
    Await.nothingPending(b);
    Await.synced(a);
    assertThat(a.get(ID)).isEqualTo(aEdit);
    Doc onServer = server.wire().pullAll("todo").get(ID);
    assertThat(onServer.value()).isEqualTo(aEdit);
    assertThat(onServer.version()).as("b's edit was never written").isEqualTo(2);
    assertThat(aConflicts.conflicts()).isEmpty();
  }

  @Test
  void clientWinsKeepsLastPushersValueEverywhere() {
    openBoth(ConflictStrategy.clientWins());
    Map<Object, Object> aEdit = Map.of(kw("title"), "Buy oat milk", kw("done"), false);
    Map<Object, Object> bEdit = Map.of(kw("title"), "Buy milk", kw("done"), true);

    editOfflineThenReconnectAThenB(aEdit, bEdit);

    Conflict conflict = bConflicts.awaitOne();
    assertThat(conflict.id()).isEqualTo(ID);
    assertThat(conflict.outcome()).isEqualTo(Conflict.Outcome.KEPT_LOCAL);
    assertThat(conflict.local()).isEqualTo(bEdit);
    assertThat(conflict.remote()).isEqualTo(aEdit);
    assertThat(conflict.remoteVersion()).isEqualTo(2);
    assertThat(conflict.resolved()).isEqualTo(bEdit);
    Await.nothingPending(b);
    Await.doc(a, ID, bEdit);
    assertThat(b.get(ID)).isEqualTo(bEdit);
    Doc onServer = server.wire().pullAll("todo").get(ID);
    assertThat(onServer.value()).isEqualTo(bEdit);
    assertThat(onServer.version()).as("b's value pushed again on version 2").isEqualTo(3);
    assertThat(aConflicts.conflicts()).isEmpty();
  }

  @Test
  void mergeFieldsKeepsBothClientsEditsOfDifferentFields() {
    openBoth(ConflictStrategy.merge(MergeFunction.fields()));
    Map<Object, Object> aEdit = Map.of(kw("title"), "Buy oat milk", kw("done"), false);
    Map<Object, Object> bEdit = Map.of(kw("title"), "Buy milk", kw("done"), true);
    Map<Object, Object> merged = Map.of(kw("title"), "Buy oat milk", kw("done"), true);

    editOfflineThenReconnectAThenB(aEdit, bEdit);

    Conflict conflict = bConflicts.awaitOne();
    assertThat(conflict.id()).isEqualTo(ID);
    assertThat(conflict.outcome()).isEqualTo(Conflict.Outcome.MERGED);
    assertThat(conflict.local()).isEqualTo(bEdit);
    assertThat(conflict.remote()).isEqualTo(aEdit);
    assertThat(conflict.remoteVersion()).isEqualTo(2);
    assertThat(conflict.resolved()).isEqualTo(merged);
    bWatch.awaitDoc(ID, merged);
    Await.nothingPending(b);
    Await.doc(a, ID, merged);
    assertThat(b.get(ID)).isEqualTo(merged);
    Doc onServer = server.wire().pullAll("todo").get(ID);
    assertThat(onServer.value()).isEqualTo(merged);
    assertThat(onServer.version()).isEqualTo(3);
    assertThat(aConflicts.conflicts()).isEmpty();
  }

  /** Opens clients a and b, each behind its own proxy, both holding {@link #BASE} at version 1. */
  private void openBoth(ConflictStrategy strategy) {
    aNetwork = proxy();
    bNetwork = proxy();
    a = clients.open("a", "todo", clients.options(aNetwork.syncUri()).conflictStrategy(strategy));
    b = clients.open("b", "todo", clients.options(bNetwork.syncUri()).conflictStrategy(strategy));
    aConflicts = ConflictRecorder.on(a);
    bConflicts = ConflictRecorder.on(b);
    a.put(ID, BASE);
    Await.nothingPending(a);
    Await.doc(b, ID, BASE);
    Await.synced(a, b);
    bWatch = WatchRecorder.on(b);
  }

  /**
   * Cuts both clients off, edits {@link #ID} on each, then brings a back and waits for its round
   * (a's edit is version 2 on the server), and only then brings b back and waits for its round.
   */
  private void editOfflineThenReconnectAThenB(Object aEdit, Object bEdit) {
    aNetwork.cut();
    bNetwork.cut();
    a.put(ID, aEdit);
    b.put(ID, bEdit);
    assertThat(a.pendingCount()).isEqualTo(1);
    assertThat(b.pendingCount()).isEqualTo(1);

    aNetwork.restore();
    Await.result(a.sync());
    assertThat(a.pendingCount()).as("a's edit acknowledged").isZero();
    Doc afterA = server.wire().pullAll("todo").get(ID);
    assertThat(afterA.value()).isEqualTo(aEdit);
    assertThat(afterA.version()).isEqualTo(2);
    assertThat(b.get(ID)).as("b, still offline, keeps its own edit").isEqualTo(bEdit);

    bNetwork.restore();
    Await.result(b.sync());
  }
}
