package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.Fields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Several clients write, delete and lose their network at random while syncing; once every network
 * is back, all of them and the server hold the same documents, whatever the conflict strategy. The
 * history of operations is fixed by a seed (timing is not), named in every failure.
 */
class RandomHistoryTest extends EndToEndTest {
  private static final int CLIENTS = 4;
  private static final int STEPS = 300;
  private static final int IDS = 8;

  @Test
  void clientsConvergeAfterRandomHistoryUnderServerWins() {
    runHistory(ConflictStrategy.serverWins(), 0x5EED_0001L);
  }

  @Test
  void clientsConvergeAfterRandomHistoryUnderClientWins() {
    runHistory(ConflictStrategy.clientWins(), 0x5EED_0002L);
  }

  @Test
  void clientsConvergeAfterRandomHistoryUnderMergeFields() {
    runHistory(ConflictStrategy.mergeFields(), 0x5EED_0003L);
  }

  private void runHistory(ConflictStrategy strategy, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<FaultProxy> networks = new ArrayList<>();
    List<SyncedAtom> atoms = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      FaultProxy network = proxy();
      networks.add(network);
      atoms.add(clients.open("c" + c, "todo",
          clients.options(network.syncUri()).conflictStrategy(strategy)));
    }
    boolean[] online = new boolean[CLIENTS];
    Arrays.fill(online, true);

    for (int step = 0; step < STEPS; step++) {
      int c = random.nextInt(CLIENTS);
      SyncedAtom atom = atoms.get(c);
      String id = "todo:" + random.nextInt(IDS);
      int op = random.nextInt(100);
      if (op < 40) {
        // Each client writes a field of its own, and all write a shared one.
        long n = step;
        atom.update(id, old -> Fields.with(old, Map.of(kw("by-c" + c), n, kw("last"), n)));
      } else if (op < 55) {
        atom.remove(id);
      } else if (op < 65) {
        atom.put(id, Map.of(kw("reset-by"), (long) c));
      } else if (op < 75) {
        if (online[c]) {
          networks.get(c).cut();
        } else {
          networks.get(c).restore();
        }
        online[c] = !online[c];
      } else if (op < 85 && online[c]) {
        Await.syncSucceeds(atom);
      } else if (op < 90) {
        atom.sync(); // a round now, not waited for
      }
    }

    networks.forEach(FaultProxy::restore);
    for (int round = 0; round < 2; round++) {
      atoms.forEach(Await::syncSucceeds);
    }
    Await.await("seed " + Long.toHexString(seed) + ": every client holds what the server holds")
        .untilAsserted(() -> {
          Map<String, Object> onServer = server.wire().values("todo");
          for (int c = 0; c < CLIENTS; c++) {
            assertThat(atoms.get(c).pendingCount()).as("seed %x, c%d pending", seed, c).isZero();
            assertThat(atoms.get(c).deref()).as("seed %x, c%d", seed, c).isEqualTo(onServer);
          }
        });
  }
}
