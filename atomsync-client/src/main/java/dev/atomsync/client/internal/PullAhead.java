package dev.atomsync.client.internal;

import dev.atomsync.client.SyncException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The next page of a pull, fetched and decoded on a virtual thread of its own while the sync
 * thread applies the page before it. Its failure surfaces, unchanged, on the thread that awaits it.
 */
final class PullAhead {
  private final FutureTask<SyncRound.Page> task;

  private PullAhead(FutureTask<SyncRound.Page> task) {
    this.task = task;
  }

  /** Starts {@code fetch} on a new virtual thread. */
  static PullAhead start(String group, Supplier<SyncRound.Page> fetch) {
    FutureTask<SyncRound.Page> task = new FutureTask<>(fetch::get);
    Thread.ofVirtual().name("atomsync-pull-ahead-" + group).start(task);
    return new PullAhead(task);
  }

  /**
   * Waits for the page and returns it.
   *
   * @throws SyncException as the fetch threw it, or when the wait is interrupted
   */
  SyncRound.Page await() {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new SyncException("pull failed: " + e.getCause(), 0, e.getCause());
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new SyncException("pull was interrupted", 0, e);
    }
  }

  /** Abandons the fetch: interrupts it if it is still running. */
  void cancel() {
    task.cancel(true);
  }
}
