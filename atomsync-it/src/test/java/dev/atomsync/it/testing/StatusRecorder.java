package dev.atomsync.it.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.StatusListener;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link StatusListener} that records every status an atom changes to, from any thread. */
public final class StatusRecorder implements StatusListener {
  private final List<SyncStatus> changes = new CopyOnWriteArrayList<>();

  /** Returns a recorder added as a status listener of {@code atom}. */
  public static StatusRecorder on(SyncedAtom atom) {
    StatusRecorder recorder = new StatusRecorder();
    atom.addStatusListener(recorder);
    return recorder;
  }

  @Override
  public void statusChanged(SyncedAtom atom, SyncStatus oldStatus, SyncStatus newStatus) {
    changes.add(newStatus);
  }

  /** Returns the statuses changed to so far, oldest first. */
  public List<SyncStatus> changes() {
    return List.copyOf(changes);
  }

  /** Waits until the atom has changed to {@code status} at least once. */
  public void awaitChangeTo(SyncStatus status) {
    Await.await("status change to " + status)
        .untilAsserted(() -> assertThat(changes).as("status changes").contains(status));
  }
}
