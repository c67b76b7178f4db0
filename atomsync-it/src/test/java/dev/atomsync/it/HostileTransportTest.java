package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.DocMap;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.ConflictRecorder;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.WatchRecorder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Clients sync as well when every byte between them and the server travels alone: pushes, pulls
 * and live events are read from the network in pieces split at every possible place.
 */
class HostileTransportTest extends EndToEndTest {

  @Test
  void clientsConvergeWhenEveryByteTravelsAlone() {
    FaultProxy aNetwork = proxy().oneByteAtATime();
    FaultProxy bNetwork = proxy().oneByteAtATime();
    SyncedAtom a = clients.open("a", "todo", clients.options(aNetwork.syncUri()));
    SyncedAtom b = clients.open("b", "todo", clients.options(bNetwork.syncUri()));
    assertThat(Await.result(a.ready())).isEqualTo(Readiness.SYNCED);

    Map<Object, Object> todo = Map.of(kw("text"), "Grüße, 🥛", kw("tags"), Set.of(kw("groceries")),
        kw("id"), UUID.fromString("6a96e262-0000-4000-8000-000000000001"));
    a.swap(m -> {
      DocMap next = m.plus("todo:1", todo);
      for (int i = 2; i <= 20; i++) {
        next = next.plus("todo:" + i, (long) i);
      }
      return next;
    });
    Await.await("b has all of a's documents")
        .untilAsserted(() -> assertThat(b.deref()).isEqualTo(a.deref()));
    b.remove("todo:2");
    Await.absent(a, "todo:2");

    assertThat(server.wire().values("todo")).hasSize(19).containsEntry("todo:1", todo);
  }

  @Test
  void liveEventsArriveWhenEveryByteTravelsAlone() {
    FaultProxy bNetwork = proxy().oneByteAtATime();
    SyncedAtom a = clients.open("a", "todo", clients.options().pullInterval(Clients.SLOW_PULL));
    SyncedAtom b = clients.open("b", "todo",
        clients.options(bNetwork.syncUri()).pullInterval(Clients.SLOW_PULL));
    a.put("todo:warm-up", "first");
    Await.doc(b, "todo:warm-up", "first");
    WatchRecorder bWatch = WatchRecorder.on(b);

    for (int i = 1; i <= 3; i++) {
      a.put("todo:live", (long) i);
      bWatch.awaitDoc("todo:live", (long) i, Duration.ofSeconds(3));
    }
  }

  @Test
  void editsMadeWhileTheirPushIsInFlightAreKept() {
    FaultProxy slow = proxy().oneByteAtATime();
    SyncedAtom a = clients.open("a", "todo", clients.options(slow.syncUri()));
    SyncedAtom b = clients.open("b", "todo");
    ConflictRecorder aConflicts = ConflictRecorder.on(a);
    Await.result(a.ready());

    // Every push crawls, so most of these edits land while an earlier one is on the wire.
    for (long n = 1; n <= 100; n++) {
      long value = n;
      a.update("todo:counter", old -> value);
      a.put("todo:" + (n % 5), Map.of(kw("n"), value));
    }

    Await.nothingPending(a);
    Await.doc(b, "todo:counter", 100L);
    assertThat(server.wire().values("todo")).containsEntry("todo:counter", 100L)
        .containsEntry("todo:0", Map.of(kw("n"), 100L))
        .containsEntry("todo:4", Map.of(kw("n"), 99L));
    assertThat(a.get("todo:counter")).isEqualTo(100L);
    assertThat(aConflicts.conflicts()).as("a's own acknowledgements are no conflicts").isEmpty();
  }
}
