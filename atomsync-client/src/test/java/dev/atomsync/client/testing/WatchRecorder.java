package dev.atomsync.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.DocMap;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.Watch;
import java.util.ArrayDeque;
import java.util.Deque;

/** A {@link Watch} that records every call, to be checked one by one; not thread-safe. */
public final class WatchRecorder implements Watch {
  /** One recorded call. */
  public record Call(Object key, SyncedAtom atom, DocMap oldValue, DocMap newValue, Thread thread) {}

  private final Deque<Call> calls = new ArrayDeque<>();

  @Override
  public void changed(Object key, SyncedAtom atom, DocMap oldValue, DocMap newValue) {
    calls.add(new Call(key, atom, oldValue, newValue, Thread.currentThread()));
  }

  /** Returns the oldest call not yet taken; fails when there is none. */
  public Call take() {
    assertThat(calls).as("watch calls").isNotEmpty();
    return calls.removeFirst();
  }

  /** Fails when a call was recorded that no one took. */
  public void assertExhausted() {
    assertThat(calls).as("watch calls not taken").isEmpty();
  }
}
