package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.DocMap;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.WatchRecorder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two or more clients of one server end up with the same documents as the server. */
class ConvergenceTest extends EndToEndTest {

  @Test
  void twoClientsConvergeOnSameKey() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");

    a.put("todo:1", Map.of(kw("text"), "from a"));
    b.put("todo:1", Map.of(kw("text"), "from b"));

    Await.await("both clients and the server agree on todo:1").untilAsserted(() -> {
      assertThat(a.pendingCount()).as("a pending").isZero();
      assertThat(b.pendingCount()).as("b pending").isZero();
      Object onServer = server.wire().values("todo").get("todo:1");
      assertThat(onServer).isIn(Map.of(kw("text"), "from a"), Map.of(kw("text"), "from b"));
      assertThat(a.get("todo:1")).as("a").isEqualTo(onServer);
      assertThat(b.get("todo:1")).as("b").isEqualTo(onServer);
    });
  }

  @Test
  void updatePropagatesToOtherClient() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    a.put("todo:1", Map.of(kw("text"), "Buy milk", kw("done"), false));
    Await.doc(b, "todo:1", Map.of(kw("text"), "Buy milk", kw("done"), false));
    WatchRecorder aWatch = WatchRecorder.on(a);

    b.update("todo:1", todo -> Map.of(kw("text"), ((Map<?, ?>) todo).get(kw("text")), kw("done"), true));

    aWatch.awaitDoc("todo:1", Map.of(kw("text"), "Buy milk", kw("done"), true));
    Await.nothingPending(b);
    Doc onServer = server.wire().pullAll("todo").get("todo:1");
    assertThat(onServer.value()).isEqualTo(Map.of(kw("text"), "Buy milk", kw("done"), true));
    assertThat(onServer.version()).isEqualTo(2);
  }

  @Test
  void deletePropagatesToOtherClient() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    a.put("todo:1", "doomed");
    a.put("todo:2", "stays");
    Await.doc(b, "todo:1", "doomed");
    Await.doc(b, "todo:2", "stays");
    WatchRecorder bWatch = WatchRecorder.on(b);

    a.remove("todo:1");

    WatchRecorder.Call call = bWatch.awaitRemoved("todo:1");
    assertThat(call.newValue()).containsExactly(Map.entry("todo:2", "stays"));
    Await.nothingPending(a);
    Doc tombstone = server.wire().pullAll("todo").get("todo:1");
    assertThat(tombstone.deleted()).isTrue();
    assertThat(tombstone.version()).isEqualTo(2);
  }

  @Test
  void freshClientPullsEverything() {
    SyncedAtom a = clients.open("a", "todo");
    a.swap(m -> {
      DocMap next = m;
      for (int i = 1; i <= 10; i++) {
        next = next.plus("todo:" + i, Map.of(kw("n"), (long) i));
      }
      return next.plus("todo:gone", "deleted before the fresh client came");
    });
    a.remove("todo:gone");
    Await.nothingPending(a);

    SyncedAtom fresh = clients.open("fresh", "todo");

    assertThat(Await.result(fresh.ready())).isEqualTo(Readiness.SYNCED);
    assertThat(fresh.deref()).isEqualTo(a.deref()).hasSize(10).doesNotContainKey("todo:gone");
    assertThat(fresh.pendingCount()).isZero();
  }

  @Test
  void batchOfFiftyDocumentsSyncs() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");

    a.swap(m -> {
      DocMap next = m;
      for (int i = 1; i <= 50; i++) {
        next = next.plus("todo:" + i, Map.of(kw("n"), (long) i, kw("text"), "item " + i));
      }
      return next;
    });

    Await.await("b has all 50").untilAsserted(() -> assertThat(b.deref()).isEqualTo(a.deref()));
    Await.nothingPending(a);
    Map<String, Doc> onServer = server.wire().pullAll("todo");
    assertThat(onServer).hasSize(50);
    onServer.forEach((id, doc) -> {
      assertThat(doc.value()).as(id).isEqualTo(a.get(id));
      assertThat(doc.version()).as(id).isEqualTo(1);
    });
  }

  @Test
  void groupsAreIsolated() {
    SyncedAtom a = clients.open("a", "a");
    SyncedAtom b = clients.open("b", "b");
    WatchRecorder aWatch = WatchRecorder.on(a);

    a.put("a:1", "of group a");
    b.put("b:1", "of group b");
    b.put("b:2", "also of group b");
    Await.nothingPending(a);
    Await.nothingPending(b);
    Await.synced(a, b, a);

    assertThat(a.deref()).containsOnlyKeys("a:1");
    assertThat(b.deref()).containsOnlyKeys("b:1", "b:2");
    assertThat(aWatch.calls()).allSatisfy(
        call -> assertThat(call.newValue().keySet()).allMatch(id -> id.startsWith("a:")));
    assertThat(server.wire().pullAll("b")).containsOnlyKeys("b:1", "b:2");
    assertThat(server.wire().pullAll("a")).containsOnlyKeys("a:1");
    SyncedAtom freshA = clients.open("fresh", "a");
    assertThat(Await.result(freshA.ready())).isEqualTo(Readiness.SYNCED);
    assertThat(freshA.deref()).containsOnlyKeys("a:1");
  }

  @Test
  void groupsInOneFileSyncSeparately() {
    SyncedAtom todos = clients.open("a", "todo");
    SyncedAtom notes = clients.db(todos).atom("notes", clients.options());
    SyncedAtom otherTodos = clients.open("b", "todo");

    todos.put("todo:1", "a todo");
    notes.put("notes:1", "a note");
    Await.nothingPending(todos);
    Await.nothingPending(notes);

    Await.doc(otherTodos, "todo:1", "a todo");
    Await.synced(otherTodos);
    assertThat(otherTodos.deref()).containsOnlyKeys("todo:1");
    assertThat(server.wire().values("todo")).containsOnlyKeys("todo:1");
    assertThat(server.wire().values("notes")).containsOnlyKeys("notes:1");
    assertThat(todos.deref()).containsOnlyKeys("todo:1");
    assertThat(notes.deref()).containsOnlyKeys("notes:1");
  }
}
