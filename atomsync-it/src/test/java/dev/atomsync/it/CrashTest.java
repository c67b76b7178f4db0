package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.ChildJvm;
import dev.atomsync.it.testing.ConflictRecorder;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.PutUntilKilled;
import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client process is killed with SIGKILL while it writes and syncs; reopened in this JVM, its file
 * pushes every document whose put returned, and each reaches the server exactly once.
 */
class CrashTest extends EndToEndTest {
  private static final String GROUP = PutUntilKilled.GROUP;
  private static final int PUTS_BEFORE_KILL = 300;
  private static final int MAX_PUTS = 20_000;

  @Test
  void killedClientsReturnedPutsReachServerExactlyOnceAfterReopen() throws Exception {
    Process child = ChildJvm.start(PutUntilKilled.class,
        clients.file("crash").toString(), server.syncUri().toString(), String.valueOf(MAX_PUTS));
    List<String> returned = new ArrayList<>();
    int pushedBeforeKill;
    try {
      BufferedReader out = ChildJvm.stdout(child);
      String line;
      // Kill once the child's own sync loop has pushed something, so the kill lands mid-sync.
      while ((line = out.readLine()) != null && line.startsWith("put ")) {
        returned.add(line.substring("put ".length()));
        if (returned.size() >= PUTS_BEFORE_KILL && returned.size() % 50 == 0
            && !server.wire().pull(GROUP, 0).docs().isEmpty()) {
          break;
        }
      }
      pushedBeforeKill = server.wire().pullAll(GROUP).size();
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no last push
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pushedBeforeKill).as("the child pushed before it was killed").isPositive();
    assertThat(returned).as("the child was killed mid-way").hasSizeLessThan(MAX_PUTS);

    SyncedAtom reopened = clients.open("crash", GROUP);
    ConflictRecorder conflicts = ConflictRecorder.on(reopened);
    for (String id : returned) {
      assertThat(reopened.get(id)).as("local %s", id).isEqualTo(number(id));
    }
    Await.nothingPending(reopened);
    Await.synced(reopened);

    Map<String, Doc> onServer = server.wire().pullAll(GROUP);
    for (String id : returned) {
      Doc doc = onServer.get(id);
      assertThat(doc).as("%s on the server", id).isNotNull();
      assertThat(doc.value()).as(id).isEqualTo(number(id));
      assertThat(doc.deleted()).as(id).isFalse();
    }
    assertThat(onServer.values()).allSatisfy(
        doc -> assertThat(doc.version()).as("%s written once", doc.id()).isEqualTo(1));
    assertThat(onServer.keySet()).isEqualTo(reopened.deref().keySet());
    assertThat(conflicts.conflicts())
        .as("retried pushes repeat their change ids, so the server never sees them as stale")
        .isEmpty();
  }

  private static Long number(String id) {
    return Long.parseLong(id.substring(GROUP.length() + 1));
  }
}
