package dev.atomsync.client.internal;

import dev.atomsync.client.SyncException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * One request of a sync round run ahead on a virtual thread of its own while the sync thread does
 * the work before it: the next page of a pull while the sync thread applies the page before it, or
 * a push while the sync thread takes the next one and applies the answer to the one before. Its
 * failure surfaces, unchanged, on the thread that awaits it.
 *
 * @param <T> what the request returns
 */
final class Ahead<T> {
  private final FutureTask<T> task;
  private final String what;

  private Ahead(FutureTask<T> task, String what) {
    this.task = task;
    this.what = what;
  }

  /** Starts {@code request} on a new virtual thread named {@code name}; {@code what} names it. */
  static <T> Ahead<T> start(String name, String what, Supplier<T> request) {
    FutureTask<T> task = new FutureTask<>(request::get);
    Thread.ofVirtual().name(name).start(task);
    return new Ahead<>(task, what);
  }

  /**
   * Waits for the request and returns its result.
   *
   * @throws SyncException as the request threw it, or when the wait is interrupted
   */
  T await() {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new SyncException(what + " failed: " + e.getCause(), 0, e.getCause());
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new SyncException(what + " was interrupted", 0, e);
    }
  }

  /**
   * Waits for the request to end, whatever its outcome, unless it was cancelled (an interrupted
   * {@link #await} cancels it) or this wait is interrupted.
   */
  void awaitQuietly() {
    try {
      task.get();
    } catch (ExecutionException | CancellationException ignored) {
      // Its outcome no longer matters to anyone: the caller is already failing.
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
    }
  }

  /** Abandons the request: interrupts it if it is still running. */
  void cancel() {
    task.cancel(true);
  }
}
