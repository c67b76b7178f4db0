package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.ConflictRecorder;
import dev.atomsync.it.testing.ServerProcess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writers push to a server process that is killed with SIGKILL and started again on the same store
 * and port, three times, while a reader follows. Every write whose put returned reaches the server
 * exactly once, every client ends with what the server holds, and the store accounts for each
 * change id once.
 */
final class KillDuringPushes {
  private static final String GROUP = "kill";
  private static final int KILLS = 3;
  private static final int WRITERS = 2;
  private static final int MAX_WRITES = 20_000;

  /** What one writer's puts returned: new documents, and the values of its hot document. */
  private record Written(List<String> created, List<Long> hot) {}

  private KillDuringPushes() {}

  /**
   * Runs the writers against {@code process} and the reader against {@code readerSyncUri}, with
   * clients from {@code clients}, printing progress under {@code label}; kills the process at the
   * end.
   */
  static void run(ServerProcess process, Clients clients, URI readerSyncUri, String label)
      throws InterruptedException {
    List<SyncedAtom> writers = new ArrayList<>();
    List<ConflictRecorder> conflicts = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      SyncedAtom atom = clients.open("w" + w, GROUP, clients.options(process.syncUri()));
      writers.add(atom);
      conflicts.add(ConflictRecorder.on(atom));
    }
    SyncedAtom reader = clients.open("reader", GROUP, clients.options(readerSyncUri));

    AtomicBoolean stop = new AtomicBoolean();
    List<Written> written = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Written mine = new Written(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
      written.add(mine);
      SyncedAtom atom = writers.get(w);
      String prefix = GROUP + ":w" + w + "-";
      threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
        try {
          for (long n = 1; n <= MAX_WRITES && !stop.get(); n++) {
            atom.put(prefix + n, n);
            mine.created().add(prefix + n);
            if (n % 5 == 0) {
              atom.put(prefix + "hot", n);
              mine.hot().add(n);
            }
            Thread.sleep(2);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }

    for (int kill = 1; kill <= KILLS; kill++) {
      // Kill once writes made after the last start reach the server: pushes are streaming.
      int before = written.getFirst().created().size();
      Await.await("writes after start " + kill + " reach the server").until(() -> {
        List<String> created = written.getFirst().created();
        return created.size() > before + 20
            && process.wire().values(GROUP).containsKey(created.get(before + 10));
      });
      int held = process.wire().values(GROUP).size();
      int returned = written.stream().mapToInt(m -> m.created().size()).sum();
      process.kill();
      System.out.printf("%s: kill %d with %d of %d returned puts on the server%n", label,
          kill, held, returned);
      Thread.sleep(200); // writes go on into the outboxes while the server is down
      process.start();
      writers.forEach(SyncedAtom::sync); // skip the backoff: reconnecting is not under test
    }
    Thread.sleep(300);
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    assertThat(failures).as("writer failures").isEmpty();

    writers.forEach(Await::nothingPending);
    Await.syncSucceeds(writers.toArray(SyncedAtom[]::new));
    Map<String, Doc> onServer = process.wire().pullAll(GROUP);
    int total = 0;
    for (int w = 0; w < WRITERS; w++) {
      Written mine = written.get(w);
      total += mine.created().size() + mine.hot().size();
      for (String id : mine.created()) {
        Doc doc = onServer.get(id);
        assertThat(doc).as("%s on the server", id).isNotNull();
        assertThat(doc.version()).as("%s written once", id).isEqualTo(1);
        assertThat(doc.value()).as(id).isEqualTo(Long.parseLong(id.substring(id.indexOf('-') + 1)));
      }
      Doc hot = onServer.get(GROUP + ":w" + w + "-hot");
      assertThat(hot.value()).as("w%d's hot document", w).isEqualTo(mine.hot().getLast());
      assertThat(hot.version()).as("w%d's hot document's version", w)
          .isBetween(1L, (long) mine.hot().size());
      assertThat(conflicts.get(w).conflicts()).as("w%d's conflicts", w).isEmpty();
    }
    int documents = written.stream().mapToInt(m -> m.created().size() + 1).sum();
    assertThat(onServer).as("nothing but what was written").hasSize(documents);

    Map<String, Object> values = process.wire().values(GROUP);
    Await.syncSucceeds(reader);
    Await.await("every client holds what the server holds").untilAsserted(() -> {
      for (SyncedAtom atom : writers) {
        assertThat(atom.deref()).as(atom.toString()).isEqualTo(values);
      }
      assertThat(reader.deref()).as("reader").isEqualTo(values);
    });
    clients.close();
    process.kill();
    process.ledger(GROUP).assertEveryChangeOnce("after " + KILLS + " kills");
    System.out.printf("%s: %d kills, %d writes returned, all on the server once%n", label,
        KILLS, total);
  }
}
