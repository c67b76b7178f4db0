package dev.atomsync.it.testing;

import dev.atomsync.client.DocMap;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.Watch;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A {@link Watch} that records every call, from any thread, so that a test can wait for a change
 * that the sync loop applies.
 */
public final class WatchRecorder implements Watch {
  /** One recorded call, with the thread it ran on. */
  public record Call(Object key, SyncedAtom atom, DocMap oldValue, DocMap newValue, Thread thread) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Returns a recorder added as a watch of {@code atom}. */
  public static WatchRecorder on(SyncedAtom atom) {
    WatchRecorder recorder = new WatchRecorder();
    atom.addWatch(recorder, recorder);
    return recorder;
  }

  @Override
  public void changed(Object key, SyncedAtom atom, DocMap oldValue, DocMap newValue) {
    calls.add(new Call(key, atom, oldValue, newValue, Thread.currentThread()));
  }

  /** Returns the calls so far, oldest first. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Waits up to {@code within} for the first call that {@code test} accepts and returns it. */
  public Call await(String what, Duration within, Predicate<Call> test) {
    return Await.await("watch call: " + what)
        .atMost(within)
        .until(() -> calls.stream().filter(test).findFirst().orElse(null), Objects::nonNull);
  }

  /** Waits for the first call that set document {@code id} to {@code value} and returns it. */
  public Call awaitDoc(String id, Object value) {
    return awaitDoc(id, value, Await.PATIENCE);
  }

  /** Waits up to {@code within} for the first call that set {@code id} to {@code value}. */
  public Call awaitDoc(String id, Object value, Duration within) {
    return await(id + " = " + value, within,
        call -> value.equals(call.newValue().get(id)) && !value.equals(call.oldValue().get(id)));
  }

  /** Waits for the first call that removed document {@code id} and returns it. */
  public Call awaitRemoved(String id) {
    return awaitRemoved(id, Await.PATIENCE);
  }

  /** Waits up to {@code within} for the first call that removed document {@code id}. */
  public Call awaitRemoved(String id, Duration within) {
    return await(id + " removed", within,
        call -> call.oldValue().containsKey(id) && !call.newValue().containsKey(id));
  }
}
