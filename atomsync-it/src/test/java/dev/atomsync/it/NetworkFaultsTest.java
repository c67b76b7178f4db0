package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The network faults of issue 5 that neither reset nor refuse: a link that swallows every byte
 * (the client must time out, count itself offline and come back by itself) and a slow one.
 */
class NetworkFaultsTest extends EndToEndTest {

  private SyncOptions through(FaultProxy proxy) {
    return clients.options(proxy.syncUri())
        .requestTimeout(Duration.ofMillis(500))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  @Test
  void blackholedClient_timesOutGoesOfflineAndPushesOnceTheNetworkIsBack() {
    FaultProxy proxy = proxy();
    SyncedAtom a = clients.open("a", "todo", through(proxy));
    SyncedAtom b = clients.open("b", "todo");
    Await.result(a.ready());

    proxy.blackhole(true);
    a.put("todo:1", "written into the void");

    Await.status(a, SyncStatus.OFFLINE);
    assertThat(a.pendingCount()).isEqualTo(1);
    assertThat(server.wire().pullAll("todo")).doesNotContainKey("todo:1");

    proxy.blackhole(false);
    Await.nothingPending(a);
    Await.doc(b, "todo:1", "written into the void");
    Await.status(a, SyncStatus.SYNCED);
  }

  @Test
  void slowLink_stillPropagatesBothWays() {
    FaultProxy proxy = proxy().delay(Duration.ofMillis(30));
    SyncedAtom a = clients.open("a", "todo", clients.options(proxy.syncUri()));
    SyncedAtom b = clients.open("b", "todo");

    a.put("todo:1", "from the slow side");
    b.put("todo:2", "to the slow side");

    Await.doc(b, "todo:1", "from the slow side");
    Await.doc(a, "todo:2", "to the slow side");
    Await.nothingPending(a);
  }
}
