package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.WatchRecorder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A change reaches the other clients through the server's live-event stream, long before their next
 * scheduled pull: both clients here pull only every {@link Clients#SLOW_PULL}.
 */
class LiveEventsTest extends EndToEndTest {
  /** Well under the pull interval, with room for a loaded machine. */
  private static final Duration LIVE = Duration.ofSeconds(3);

  @Test
  void swapOnOneClientFiresOtherClientsWatchWithoutWaitingForPull() {
    SyncedAtom a = clients.open("a", "todo", clients.options().pullInterval(Clients.SLOW_PULL));
    SyncedAtom b = clients.open("b", "todo", clients.options().pullInterval(Clients.SLOW_PULL));
    assertThat(Await.result(a.ready())).isEqualTo(Readiness.SYNCED);
    assertThat(Await.result(b.ready())).isEqualTo(Readiness.SYNCED);
    // One change first, so that the pulls of start-up are behind both clients.
    a.put("todo:warm-up", "first");
    Await.doc(b, "todo:warm-up", "first");
    WatchRecorder bWatch = WatchRecorder.on(b);

    a.swap(m -> m.plus("todo:live", Map.of(kw("text"), "pushed by a")));

    WatchRecorder.Call call =
        bWatch.awaitDoc("todo:live", Map.of(kw("text"), "pushed by a"), LIVE);
    assertThat(call.oldValue()).doesNotContainKey("todo:live");
    assertThat(call.newValue()).containsKey("todo:warm-up");
    assertThat(call.thread()).as("server changes run watches on the sync thread")
        .isNotSameAs(Thread.currentThread());
  }

  @Test
  void liveEventsResumeAfterServerRestart() {
    SyncedAtom a = clients.open("a", "todo", clients.options().pullInterval(Clients.SLOW_PULL));
    SyncedAtom b = clients.open("b", "todo", clients.options().pullInterval(Clients.SLOW_PULL));
    a.put("todo:before", "before the restart");
    Await.doc(b, "todo:before", "before the restart");

    server.restart();
    a.put("todo:after", "after the restart");

    // Both reconnect with backoff (well under the pull interval) and b pulls or hears the change.
    Await.doc(b, "todo:after", "after the restart");
    WatchRecorder bWatch = WatchRecorder.on(b);
    a.put("todo:live", "live again");
    bWatch.awaitDoc("todo:live", "live again", LIVE);
  }

  @Test
  void deleteReachesOtherClientWithoutWaitingForPull() {
    SyncedAtom a = clients.open("a", "todo", clients.options().pullInterval(Clients.SLOW_PULL));
    SyncedAtom b = clients.open("b", "todo", clients.options().pullInterval(Clients.SLOW_PULL));
    a.put("todo:1", "doomed");
    Await.doc(b, "todo:1", "doomed");
    WatchRecorder bWatch = WatchRecorder.on(b);

    a.remove("todo:1");

    bWatch.awaitRemoved("todo:1", LIVE);
  }
}
