package dev.atomsync.it.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictListener;
import dev.atomsync.client.SyncedAtom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ConflictListener} that records every settled conflict, from any thread. */
public final class ConflictRecorder implements ConflictListener {
  private final List<Conflict> conflicts = new CopyOnWriteArrayList<>();

  /** Returns a recorder added as a conflict listener of {@code atom}. */
  public static ConflictRecorder on(SyncedAtom atom) {
    ConflictRecorder recorder = new ConflictRecorder();
    atom.addConflictListener(recorder);
    return recorder;
  }

  @Override
  public void conflict(SyncedAtom atom, Conflict conflict) {
    conflicts.add(conflict);
  }

  /** Returns the conflicts heard so far, oldest first. */
  public List<Conflict> conflicts() {
    return List.copyOf(conflicts);
  }

  /** Waits until exactly one conflict was heard and returns it. */
  public Conflict awaitOne() {
    Await.await("one conflict")
        .untilAsserted(() -> assertThat(conflicts).as("conflicts").hasSize(1));
    return conflicts.get(0);
  }
}
