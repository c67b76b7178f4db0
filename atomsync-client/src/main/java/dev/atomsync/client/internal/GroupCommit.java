package dev.atomsync.client.internal;

import dev.atomsync.client.DocMap;
import dev.atomsync.client.spi.LocalStoreException;
import dev.atomsync.client.spi.LocalWrite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Commits the writes of an atom's concurrent changes together: while one thread commits a
 * transaction, the changes other threads set in memory queue up, and the next transaction takes all
 * of them. Each change waits until the transaction holding its writes committed, so it is durable
 * when its swap returns, and a busy atom pays one commit for many changes instead of one each.
 *
 * <p>One thread at a time leads: it takes the queue, commits it without holding the atom's write
 * lock, and then commits what queued meanwhile or hands the lead to the thread of the oldest change
 * queued ({@link #lead}). Changes enter
 * the queue under the write lock, in the order of the atom's compare-and-sets, and transactions take
 * the queue from its head, so the store sees the writes in that order. Waiting threads park on
 * their own change rather than on a condition of the write lock: a condition would make every
 * woken thread take the lock once more just to leave, a convoy that keeps the others from queueing.
 *
 * <p>Memory runs ahead of the file: a queued change is visible in the atom before it commits, which
 * is what lets the next change build on it. So when a commit fails, every change of that
 * transaction and every change queued after it (they build on the failed ones) fails, and the atom
 * goes back to the value it had before the first of them ({@code revert}, under the write lock).
 */
final class GroupCommit {
  private static final int WAITING = 0;
  private static final int LEADING = 1;
  private static final int DONE = 2;
  private static final int BATCHES_PER_LEAD = 8;
  private static final long GATHER_NANOS = 50_000;

  private final ReentrantLock lock;
  private final Condition idle;
  private final Consumer<List<LocalWrite>> store;
  private final Consumer<DocMap> revert;
  // Guarded by lock.
  private final ArrayDeque<Change> queue = new ArrayDeque<>();
  private boolean leading;
  private boolean flushing;
  private volatile int queued; // written under lock
  private final AtomicInteger writers = new AtomicInteger();

  /**
   * @param lock the atom's write lock
   * @param store commits writes in one transaction, or throws and writes nothing
   * @param revert sets the atom's value back after a failed commit; called under {@code lock}
   */
  GroupCommit(ReentrantLock lock, Consumer<List<LocalWrite>> store, Consumer<DocMap> revert) {
    this.lock = lock;
    this.idle = lock.newCondition();
    this.store = store;
    this.revert = revert;
  }

  /** One change set in memory, waiting for its writes to commit. */
  static final class Change {
    private final DocMap before;
    private final List<LocalWrite> writes;
    private final Thread thread = Thread.currentThread();
    private volatile int state = WAITING;
    private @Nullable RuntimeException failure; // written before state becomes DONE

    private Change(DocMap before, List<LocalWrite> writes) {
      this.before = before;
      this.writes = writes;
    }
  }

  /** Counts a thread that begins a change; it calls {@link #exit} when the change is over. */
  void enter() {
    writers.incrementAndGet();
  }

  /** Counts off a thread whose change is over, set or not. */
  void exit() {
    writers.decrementAndGet();
  }

  /**
   * Waits while {@link #flush} is in progress, so that a steady stream of changes cannot keep the
   * queue from ever emptying; call under the lock before deciding on a change.
   */
  void awaitNoFlush() {
    while (flushing) {
      idle.awaitUninterruptibly();
    }
  }

  /**
   * Queues the writes of a change from {@code before}, which the caller is about to replace in
   * memory; call under the lock, then {@link #await} after releasing it.
   */
  Change enqueue(DocMap before, List<LocalWrite> writes) {
    Change change = new Change(before, writes);
    queue.addLast(change);
    queued = queue.size();
    if (!leading) {
      leading = true;
      change.state = LEADING;
    }
    return change;
  }

  /**
   * Returns once {@code change} committed, leading the commits of queued changes whenever the lead
   * comes to this thread. Call without holding the lock.
   *
   * @throws RuntimeException when the transaction that held the change failed; nothing of it was
   *     written, and the atom's value went back as the class description says
   */
  void await(Change change) {
    boolean interrupted = false;
    while (true) {
      int state = change.state;
      if (state == DONE) {
        break;
      }
      if (state == LEADING) {
        change.state = WAITING;
        lead();
        continue;
      }
      LockSupport.park(this);
      interrupted |= Thread.interrupted(); // a durable change is not abandoned halfway
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (change.failure != null) {
      throw change.failure;
    }
  }

  /**
   * Returns once every queued change committed or failed and none is queued, so that the store
   * holds what memory shows; call under the lock, which is released while waiting.
   */
  void flush() {
    flushing = true;
    try {
      while (leading) {
        idle.awaitUninterruptibly();
      }
    } finally {
      flushing = false;
      idle.signalAll();
    }
  }

  /**
   * Commits what is queued, and again what queued meanwhile, up to {@link #BATCHES_PER_LEAD}
   * transactions, then hands the lead to the thread of the oldest change still queued. Leading on
   * for a few transactions keeps a thread wake-up off the path between two commits (on a busy
   * machine a woken thread may wait milliseconds for a core); handing over after a few bounds how
   * long the leader's own swap, durable after the first, waits to return.
   */
  private void lead() {
    for (int round = 1; ; round++) {
      gatherOthers();
      List<Change> batch;
      lock.lock();
      try {
        batch = new ArrayList<>(queue);
        queue.clear();
        queued = 0;
      } finally {
        lock.unlock();
      }
      @Nullable RuntimeException failure = commit(batch);
      @Nullable Change next = null;
      lock.lock();
      try {
        if (failure != null) {
          batch.addAll(queue);
          queue.clear();
          queued = 0;
          revert.accept(batch.getFirst().before);
        }
        if (queue.isEmpty()) {
          leading = false;
          idle.signalAll();
        } else {
          next = queue.peekFirst();
        }
      } finally {
        lock.unlock();
      }
      for (Change change : batch) {
        change.failure = failure == null ? null : failureFor(failure);
        change.state = DONE;
        LockSupport.unpark(change.thread);
      }
      if (next == null) {
        return;
      }
      if (round == BATCHES_PER_LEAD) {
        next.state = LEADING;
        LockSupport.unpark(next.thread);
        return;
      }
    }
  }

  /**
   * Gives threads that are computing a change a moment to queue it before the transaction starts,
   * as PostgreSQL's {@code commit_delay}: a commit costs about the same for one change as for ten,
   * and without the wait a commit that is quicker than computing a change takes one change at a
   * time. Only when other threads are inside a change, so a lone writer never waits; at most
   * {@link #GATHER_NANOS}, yielding the core to them meanwhile.
   */
  private void gatherOthers() {
    if (queued >= writers.get()) {
      return;
    }
    long deadline = System.nanoTime() + GATHER_NANOS;
    while (queued < writers.get() && System.nanoTime() < deadline) {
      Thread.yield();
    }
  }

  private @Nullable RuntimeException commit(List<Change> batch) {
    List<LocalWrite> writes = new ArrayList<>();
    for (Change change : batch) {
      writes.addAll(change.writes);
    }
    try {
      if (!writes.isEmpty()) {
        store.accept(writes);
      }
      return null;
    } catch (RuntimeException e) {
      return e;
    } catch (Error e) {
      return new LocalStoreException("commit failed: " + e, e);
    }
  }

  /** Returns a failure of its own for each waiting thread, so each stack trace is its own. */
  private static RuntimeException failureFor(RuntimeException cause) {
    String message = "the transaction holding this change failed: " + cause.getMessage();
    if (cause instanceof IllegalStateException) {
      return new IllegalStateException(message, cause);
    }
    return new LocalStoreException(message, cause);
  }
}
