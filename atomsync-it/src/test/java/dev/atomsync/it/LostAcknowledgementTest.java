package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.ConflictRecorder;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server commits a push but its answer is lost on the way: the client retries with the same
 * change ids, the server repeats the first outcome instead of applying it again, and a later write
 * of another client that the retrying client pulled meanwhile is not lost behind the late
 * acknowledgement (LocalStore's remote state).
 */
class LostAcknowledgementTest extends EndToEndTest {

  @Test
  void retriedPushAfterLostAnswerIsAppliedOnce() {
    FaultProxy proxy = proxy();
    SyncedAtom a = clients.open("a", "todo", clients.options(proxy.syncUri()));
    Await.result(a.ready());

    proxy.loseResponses(true);
    a.put("todo:1", "once");
    Await.await("the server committed A's push").until(() ->
        server.wire().pullAll("todo").containsKey("todo:1"));
    assertThat(a.pendingCount()).as("not acknowledged yet").isEqualTo(1);
    proxy.loseResponses(false);

    Await.nothingPending(a);
    Doc doc = server.wire().pullAll("todo").get("todo:1");
    assertThat(doc.version()).as("applied exactly once").isEqualTo(1);
    assertThat(doc.value()).isEqualTo("once");
  }

  @Test
  void pushOfSeveralBatchesWithLostAnswersIsAppliedOnce() {
    FaultProxy proxy = proxy();
    SyncedAtom a = clients.open("a", "todo", clients.options(proxy.syncUri()));
    Await.result(a.ready());
    Map<String, Object> docs = new HashMap<>();
    for (int i = 0; i < 2_500; i++) {
      docs.put("todo:" + i, Map.of("n", (long) i));
    }

    proxy.loseResponses(true);
    a.swap(m -> m.plusAll(docs));
    Await.await("the server committed A's first push").until(() ->
        !server.wire().pullAll("todo").isEmpty());
    proxy.loseResponses(false);

    Await.nothingPending(a);
    Map<String, Doc> stored = server.wire().pullAll("todo");
    assertThat(stored).hasSize(2_500);
    assertThat(stored.values()).as("each applied exactly once").allMatch(doc -> doc.version() == 1);
    assertThat(stored.get("todo:2499").value()).isEqualTo(Map.of("n", 2_499L));
  }

  @Test
  void laterWriteOfAnotherClientSurvivesTheLateAcknowledgement() {
    FaultProxy proxy = proxy();
    SyncedAtom a = clients.open("a", "todo", clients.options(proxy.syncUri())
        .pullInterval(Clients.SLOW_PULL));
    SyncedAtom b = clients.open("b", "todo");
    ConflictRecorder conflicts = ConflictRecorder.on(a);
    Await.result(a.ready());
    Await.result(b.ready());

    proxy.loseResponses(true);
    a.put("todo:1", Map.of("by", "a"));
    Await.doc(b, "todo:1", Map.of("by", "a"));
    b.put("todo:1", Map.of("by", "b"));
    Await.nothingPending(b);
    proxy.loseResponses(false);

    Await.nothingPending(a);
    Await.doc(a, "todo:1", Map.of("by", "b"));
    Doc doc = server.wire().pullAll("todo").get("todo:1");
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.value()).isEqualTo(Map.of("by", "b"));
    assertThat(conflicts.conflicts()).as("a late acknowledgement is no conflict").isEmpty();
  }
}
