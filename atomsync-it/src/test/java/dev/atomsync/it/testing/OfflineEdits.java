package dev.atomsync.it.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Two clients, a and b, that edit one document while offline and then reconnect in a fixed order:
 * a first (its edit wins the server's next version), b second (its push is stale, and b's conflict
 * strategy decides). Each client reaches the server through a {@link FaultProxy} of its own, so the
 * test, not timing, decides who pushes first.
 */
public final class OfflineEdits {
  private final SyncServer server;
  private final FaultProxy aNetwork;
  private final FaultProxy bNetwork;
  private final String id;
  private final SyncedAtom a;
  private final SyncedAtom b;
  private final ConflictRecorder aConflicts;
  private final ConflictRecorder bConflicts;
  private final WatchRecorder bWatch;

  private OfflineEdits(EndToEndTest test, ConflictStrategy strategy, String id,
      @Nullable Object base) {
    this.server = test.server;
    this.id = id;
    aNetwork = test.proxy();
    bNetwork = test.proxy();
    Clients clients = test.clients;
    a = clients.open("a", "todo", clients.options(aNetwork.syncUri()).conflictStrategy(strategy));
    b = clients.open("b", "todo", clients.options(bNetwork.syncUri()).conflictStrategy(strategy));
    aConflicts = ConflictRecorder.on(a);
    bConflicts = ConflictRecorder.on(b);
    if (base != null) {
      a.put(id, base);
      Await.nothingPending(a);
      Await.doc(b, id, base);
    }
    Await.synced(a, b);
    bWatch = WatchRecorder.on(b);
  }

  /**
   * Opens clients a and b of group {@code todo} settling conflicts with {@code strategy}; both hold
   * document {@code id} = {@code base} at version 1, or neither has it when {@code base} is null.
   */
  public static OfflineEdits open(EndToEndTest test, ConflictStrategy strategy, String id,
      @Nullable Object base) {
    return new OfflineEdits(test, strategy, id, base);
  }

  /**
   * Cuts both clients off and runs each edit on its client; then brings a back and waits for its
   * round, checks that the server took a's edit, and only then brings b back and waits for its
   * round.
   */
  public void editThenReconnectAThenB(Consumer<SyncedAtom> aEdit, Consumer<SyncedAtom> bEdit) {
    aNetwork.cut();
    bNetwork.cut();
    aEdit.accept(a);
    bEdit.accept(b);
    assertThat(a.pendingCount()).as("a pending").isEqualTo(1);
    assertThat(b.pendingCount()).as("b pending").isEqualTo(1);
    @Nullable Object bLocal = b.get(id);

    aNetwork.restore();
    Await.syncSucceeds(a);
    assertThat(a.pendingCount()).as("a's edit acknowledged").isZero();
    Doc afterA = server.wire().pullAll("todo").get(id);
    assertThat(afterA).as("%s on the server after a", id).isNotNull();
    assertThat(afterA.deleted() ? null : afterA.value()).isEqualTo(a.get(id));
    assertThat(b.get(id)).as("b, still offline, keeps its own edit").isEqualTo(bLocal);

    bNetwork.restore();
    Await.syncSucceeds(b);
  }

  /** Returns client a, which pushes first. */
  public SyncedAtom a() {
    return a;
  }

  /** Returns client b, which pushes second. */
  public SyncedAtom b() {
    return b;
  }

  /** Returns the conflicts a heard. */
  public ConflictRecorder aConflicts() {
    return aConflicts;
  }

  /** Returns the conflicts b heard. */
  public ConflictRecorder bConflicts() {
    return bConflicts;
  }

  /** Returns a watch of b, added once both clients held the base. */
  public WatchRecorder bWatch() {
    return bWatch;
  }

  /** Returns the server's latest state of the document; null when it never had it. */
  public @Nullable Doc onServer() {
    return server.wire().pullAll("todo").get(id);
  }

  /**
   * Waits until both clients have nothing pending and both hold what the server holds (absent for
   * a tombstone), and returns the server's document.
   */
  public Doc awaitConverged() {
    Await.await("a, b and the server agree on " + id).untilAsserted(() -> {
      assertThat(a.pendingCount()).as("a pending").isZero();
      assertThat(b.pendingCount()).as("b pending").isZero();
      Doc doc = onServer();
      assertThat(doc).as("%s on the server", id).isNotNull();
      Object value = doc.deleted() ? null : doc.value();
      assertThat(a.get(id)).as("a").isEqualTo(value);
      assertThat(b.get(id)).as("b").isEqualTo(value);
    });
    return onServer();
  }
}
