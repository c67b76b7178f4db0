package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static dev.atomsync.it.testing.Await.synced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Change;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.WatchRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Changes that arrive from the server are facts the atom applies (shared/STYLE.md): they run the
 * watches on the sync thread, a watch that throws there is logged and never stops syncing, and
 * validators, which guard local changes only, do not hold them back.
 */
class RemoteChangesTest extends EndToEndTest {

  @Test
  void watchThatThrowsOnServerChange_doesNotStopSyncing() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    AtomicInteger thrown = new AtomicInteger();
    b.addWatch("broken", (key, atom, oldValue, newValue) -> {
      thrown.incrementAndGet();
      throw new IllegalStateException("a broken watch");
    });
    WatchRecorder after = WatchRecorder.on(b);

    a.put("todo:1", "first");
    Await.doc(b, "todo:1", "first");
    a.put("todo:2", "second");
    Await.doc(b, "todo:2", "second");

    assertThat(thrown.get()).isGreaterThanOrEqualTo(2);
    assertThat(after.calls()).as("the watch after the broken one still runs").isNotEmpty();
    assertThat(after.calls()).allSatisfy(call ->
        assertThat(call.thread().getName()).startsWith("atomsync-sync-todo"));
  }

  @Test
  void validatorGuardsLocalChangesOnly() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    Await.result(b.ready());
    b.setValidator(m -> !m.containsKey("todo:forbidden"));

    a.put("todo:forbidden", "written elsewhere");

    Await.doc(b, "todo:forbidden", "written elsewhere");
    assertThat(b.pendingCount()).isZero();
  }

  @Test
  void anotherWriterPuttingTheSameValues_firesNoWatch() {
    // Values transit-java writes with cache references, and with a quote; too large to travel
    // inside the live event, so that a pulls them.
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      list.add(Map.of(kw("name"), "item " + i));
    }
    Object items = Map.of(kw("items"), list);
    String text = "hello ".repeat(7_000);
    SyncedAtom a = clients.open("a", "todo");
    Await.result(a.ready());
    a.put("todo:1", items);
    a.put("todo:2", text);
    Await.nothingPending(a);
    WatchRecorder watch = WatchRecorder.on(a);

    server.wire().push("todo", Change.put("todo:1", items, 1), Change.put("todo:2", text, 1));
    synced(a);
    a.put("todo:2", "bye");
    Await.nothingPending(a);

    assertThat(watch.calls()).as("watch calls").hasSize(1);
    Doc onServer = server.wire().pullAll("todo").get("todo:2");
    assertThat(onServer.value()).as("a wrote on the version it pulled").isEqualTo("bye");
    assertThat(onServer.version()).isEqualTo(3);
  }

  @Test
  void ownWritesComingBackFromServer_doNotFireWatchesAgain() {
    SyncedAtom a = clients.open("a", "todo");
    Await.result(a.ready());
    WatchRecorder watch = WatchRecorder.on(a);

    a.put("todo:1", "mine");
    synced(a);
    synced(a);

    assertThat(watch.calls()).hasSize(1);
    assertThat(watch.calls().get(0).thread()).isSameAs(Thread.currentThread());
  }
}
