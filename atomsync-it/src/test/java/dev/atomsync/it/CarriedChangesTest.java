package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.ConflictRecorder;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.HoldingTransport;
import dev.atomsync.it.testing.WatchRecorder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Live events carry small changes (PROTOCOL.md, Live changes, amended), so a client that stands
 * where an event starts applies it without pulling; one that missed an event pulls. Both clients
 * here pull only every {@link Clients#SLOW_PULL}, and the server counts the pulls it answers.
 */
class CarriedChangesTest extends EndToEndTest {

  @Test
  void putsSwapsDeletesAndRevivalsReachTheOtherClientWithoutAnyPull() {
    SyncedAtom a = clients.open("a", "todo", slowPull());
    SyncedAtom b = clients.open("b", "todo", slowPull());
    ConflictRecorder aConflicts = ConflictRecorder.on(a);
    ConflictRecorder bConflicts = ConflictRecorder.on(b);
    warmUp(a, b);
    long pulls = settledPulls();
    WatchRecorder bWatch = WatchRecorder.on(b);

    a.put("todo:1", Map.of(kw("text"), "milk"));
    bWatch.awaitDoc("todo:1", Map.of(kw("text"), "milk"));
    a.swap(m -> m.plus("todo:2", "bread"));
    Await.doc(b, "todo:2", "bread");
    a.remove("todo:1");
    bWatch.awaitRemoved("todo:1");
    // b's put lands on the tombstone's version, which b learnt from the event alone.
    b.put("todo:1", "revived by b");
    Await.doc(a, "todo:1", "revived by b");
    a.put("todo:1", "edited by a");
    Await.doc(b, "todo:1", "edited by a");
    Await.nothingPending(a);
    Await.nothingPending(b);

    assertThat(settledPulls()).as("pulls after the warm-up").isEqualTo(pulls);
    assertThat(aConflicts.conflicts()).isEmpty();
    assertThat(bConflicts.conflicts()).isEmpty();
    assertThat(server.wire().pullAll("todo").get("todo:1").version()).isEqualTo(4);
  }

  @Test
  void aClientThatMissedAnEventPullsTheGapAndNothingIsLost() {
    SyncedAtom a = clients.open("a", "todo", slowPull());
    HoldingTransport bNetwork = new HoldingTransport(server.node().service(), "b");
    SyncedAtom b = clients.open("b", "todo", transport(bNetwork));
    warmUp(a, b);
    a.put("todo:0", "heard");
    Await.doc(b, "todo:0", "heard");
    int pulls = bNetwork.pulls();

    bNetwork.hold();
    a.put("todo:1", "missed");
    Await.await("b's event held").until(() -> bNetwork.heldCount() == 1);
    bNetwork.drop();
    a.put("todo:2", "after the gap");

    Await.doc(b, "todo:2", "after the gap");
    assertThat(b.get("todo:1")).isEqualTo("missed");
    assertThat(bNetwork.pulls()).as("b's pulls: one for the gap").isEqualTo(pulls + 1);
  }

  @Test
  void eventsHeldBackAndDeliveredLateApplyInOrderWithoutAPull() {
    SyncedAtom a = clients.open("a", "todo", slowPull());
    HoldingTransport bNetwork = new HoldingTransport(server.node().service(), "b");
    SyncedAtom b = clients.open("b", "todo", transport(bNetwork));
    warmUp(a, b);
    int pulls = bNetwork.pulls();

    bNetwork.hold();
    for (int i = 0; i < 5; i++) {
      a.put("todo:" + i, "write " + i);
      Await.nothingPending(a);
    }
    a.remove("todo:0");
    Await.nothingPending(a);
    Await.await("b's events held").until(() -> bNetwork.heldCount() == 6);
    bNetwork.release();

    Await.doc(b, "todo:4", "write 4");
    Await.absent(b, "todo:0");
    assertThat(bNetwork.pulls()).isEqualTo(pulls);
  }

  @Test
  void aConflictsResolutionReachesTheWinnerByEvent() {
    SyncedAtom a = clients.open("a", "todo", slowPull());
    HoldingTransport bNetwork = new HoldingTransport(server.node().service(), "b");
    SyncedAtom b = clients.open("b", "todo",
        transport(bNetwork).conflictStrategy(ConflictStrategy.clientWins()));
    ConflictRecorder bConflicts = ConflictRecorder.on(b);
    a.put("todo:1", "base");
    warmUp(a, b);
    Await.doc(b, "todo:1", "base");
    long aPulls = settledPulls();
    int bPulls = bNetwork.pulls();

    // b does not hear of a's write before its own push, which is then stale.
    bNetwork.hold();
    a.put("todo:1", "a's edit");
    Await.nothingPending(a);
    b.put("todo:1", "b's edit");
    Conflict conflict = bConflicts.awaitOne();
    assertThat(conflict.outcome()).isEqualTo(Conflict.Outcome.KEPT_LOCAL);
    Await.nothingPending(b);
    bNetwork.release();

    Await.doc(a, "todo:1", "b's edit");
    Await.doc(b, "todo:1", "b's edit");
    assertThat(settledPulls()).as("a's pulls").isEqualTo(aPulls);
    assertThat(bNetwork.pulls()).as("b's pulls").isEqualTo(bPulls);
    assertThat(server.wire().pullAll("todo").get("todo:1").version()).isEqualTo(3);
  }

  /**
   * Returns the server's pull count once it has stopped moving: the server counts a pull after
   * its answer is sent, so a client may be done with a pull the count does not show yet.
   */
  private long settledPulls() {
    long[] last = {-1};
    Await.await("the pull count settles").pollInterval(Duration.ofMillis(150)).until(() -> {
      long now = server.pulls();
      boolean settled = now == last[0];
      last[0] = now;
      return settled;
    });
    return last[0];
  }

  private SyncOptions slowPull() {
    return clients.options().pullInterval(Clients.SLOW_PULL);
  }

  private static SyncOptions transport(HoldingTransport transport) {
    return SyncOptions.transport(transport).pullInterval(Clients.SLOW_PULL);
  }

  /** Waits until both clients are live and hold a first write, so start-up pulls are behind. */
  private void warmUp(SyncedAtom a, SyncedAtom b) {
    Await.result(a.ready());
    Await.result(b.ready());
    Await.await("both live").until(() -> server.liveListeners() == 2);
    a.put("todo:warm-up", "first");
    Await.doc(b, "todo:warm-up", "first");
    Await.synced(a, b);
  }
}
