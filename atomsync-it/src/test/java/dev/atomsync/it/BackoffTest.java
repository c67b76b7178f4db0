package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client that cannot reach its server backs off instead of hammering it. */
class BackoffTest extends EndToEndTest {

  @Test
  void burstOfWritesWhileUnreachableDoesNotHammerServer() throws InterruptedException {
    FaultProxy network = proxy();
    SyncedAtom a = clients.open("a", "todo", clients.options(network.syncUri()));
    Await.syncSucceeds(a);

    network.cut();
    int before = network.accepted();
    long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    int writes = 0;
    while (System.nanoTime() < end) {
      a.put("todo:" + writes, (long) writes);
      writes++;
      Thread.sleep(5); // a write every 5 ms for the whole outage, to pace it, not to wait
    }
    int attempts = network.accepted() - before;

    assertThat(a.status()).isEqualTo(SyncStatus.OFFLINE);
    assertThat(attempts)
        .as("connections in 1.5 s of outage during %d writes (exponential backoff from 100 ms,"
            + " for the sync loop and the live-events stream)", writes)
        .isLessThan(30);
    network.restore();
    Await.syncSucceeds(a);
    assertThat(a.pendingCount()).isZero();
    assertThat(server.wire().values("todo")).hasSize(writes);
  }
}
