package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.ChildJvm;
import dev.atomsync.it.testing.ConflictRecorder;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.PutUntilKilled;
import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client process is killed with SIGKILL while it writes and syncs, twice; reopened in this JVM,
 * its file pushes every document whose put returned, and each reaches the server exactly once:
 * retried pushes repeat their change ids, so the server neither applies them twice nor sees them
 * as stale. The same holds when the kill lands in the middle of a push through a slow proxy.
 */
class CrashTest extends EndToEndTest {
  private static final String GROUP = PutUntilKilled.GROUP;
  private static final int PUTS_BEFORE_KILL = 300;
  private static final int MAX_PUTS = 20_000;
  private static final int MID_PUSH_PUTS = 300;

  /** What one child said before it was killed. */
  private record Run(List<String> returned, List<String> conflicts, int pushedBeforeKill) {}

  @Test
  void killedClientsReturnedPutsReachServerExactlyOnce() throws Exception {
    List<String> returned = new ArrayList<>();
    for (int round = 1; round <= 2; round++) {
      // The second child first retries what the first left in flight when it was killed.
      Run run = putUntilKilled("r" + round + "-");
      assertThat(run.pushedBeforeKill()).as("round %d pushed before the kill", round).isPositive();
      assertThat(run.returned()).as("round %d killed mid-way", round).hasSizeLessThan(MAX_PUTS);
      assertThat(run.conflicts()).as("conflicts in round %d", round).isEmpty();
      returned.addAll(run.returned());
    }

    assertReachServerExactlyOnce("crash", returned);
  }

  /**
   * Kills the child in the middle of a push: the server has committed it, but the answer is lost
   * on the way (the proxy drops every answer), so the child dies with its changes in flight. The
   * reopened file pushes them again with the same change ids: each document once, and no conflict.
   * Twice on the same file.
   */
  @Test
  void clientKilledDuringPush_pushesAgainWithSameChangeIds() throws Exception {
    FaultProxy lossy = proxy().loseResponses(true);
    List<String> returned = new ArrayList<>();
    for (int round = 1; round <= 2; round++) {
      String prefix = "slow" + round + "-";
      Process child = ChildJvm.start(PutUntilKilled.class, clients.file("slow").toString(),
          lossy.syncUri().toString(), String.valueOf(MID_PUSH_PUTS), prefix);
      int pushed;
      try {
        BufferedReader out = ChildJvm.stdout(child);
        String line;
        while ((line = out.readLine()) != null && !line.equals("done")) {
          assertThat(line).as("child output").startsWith("put ");
          returned.add(line.substring("put ".length()));
        }
        String first = GROUP + ":" + prefix + "1";
        Await.await("round " + round + "'s first push reaches the server")
            .until(() -> server.wire().values(GROUP).containsKey(first));
        pushed = server.wire().values(GROUP).size();
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      System.out.printf("CrashTest: round %d killed mid-push with %d of %d returned puts on the"
          + " server, none acknowledged%n", round, pushed, returned.size());
    }
    // Every change the child made is still unacknowledged in its file: the kill came mid-push.
    try (AtomSync file = AtomSync.open(clients.file("slow"))) {
      assertThat(file.atom(GROUP).pendingCount()).as("unacknowledged changes in the file")
          .isEqualTo(returned.size());
    }

    assertReachServerExactlyOnce("slow", returned);
  }

  /** Runs a child that puts documents {@code crash:<prefix>N} and kills it mid-way. */
  private Run putUntilKilled(String prefix) throws Exception {
    Process child = ChildJvm.start(PutUntilKilled.class, clients.file("crash").toString(),
        server.syncUri().toString(), String.valueOf(MAX_PUTS), prefix);
    List<String> returned = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    int pushed;
    try {
      BufferedReader out = ChildJvm.stdout(child);
      String line;
      // Kill once this child's own pushes reach the server, so the kill lands mid-sync.
      while ((line = out.readLine()) != null && !line.equals("done")) {
        if (line.startsWith("conflict ")) {
          conflicts.add(line.substring("conflict ".length()));
        } else if (line.startsWith("put ")) {
          returned.add(line.substring("put ".length()));
          if (returned.size() >= PUTS_BEFORE_KILL && returned.size() % 50 == 0
              && server.wire().values(GROUP).containsKey(returned.getFirst())) {
            break;
          }
        }
      }
      pushed = server.wire().pullAll(GROUP).size();
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no last push
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(returned, conflicts, pushed);
  }

  /** Reopens the child's file here and checks the server has each of {@code returned} once. */
  private void assertReachServerExactlyOnce(String client, List<String> returned) {
    SyncedAtom reopened = clients.open(client, GROUP);
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
    assertThat(conflicts.conflicts()).isEmpty();
  }

  /** Returns N of {@code crash:[prefix]N}. */
  private static Long number(String id) {
    String tail = id.substring(GROUP.length() + 1);
    return Long.parseLong(tail.substring(tail.lastIndexOf('-') + 1));
  }
}
