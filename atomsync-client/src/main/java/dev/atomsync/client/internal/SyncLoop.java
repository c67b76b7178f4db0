package dev.atomsync.client.internal;

import dev.atomsync.client.Readiness;
import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.ChangeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one atom with its server on a thread of its own: decides <em>when</em> to push and pull,
 * and keeps status, readiness and backoff; {@link SyncRound} does the talking. A live event that
 * carries its changes is applied on this thread too, and spares the pull when it starts where the
 * atom stands.
 *
 * <p>Every round runs on the one sync thread, so pushes and pulls of a group never overlap. What
 * wakes it: a local write (after the push debounce), a live event announcing a cursor beyond ours,
 * the pull interval, the event stream reconnecting, and {@link #syncNow()}. A failed round backs off
 * exponentially with jitter; while backing off only the retry timer, a reconnected event stream or
 * {@link #syncNow()} start the next round, so a burst of local writes never hammers a server that
 * is down. Reads and writes never wait for any of this.
 */
final class SyncLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);
  private static final Duration CLOSE_FLUSH = Duration.ofSeconds(2);

  private final RealSyncedAtom atom;
  private final SyncOptions options;
  private final SyncRound round;
  private final ScheduledExecutorService executor;
  private final Backoff backoff;
  private final SyncTransport transport;
  private @Nullable Registration events; // guarded by lock
  private final CompletableFuture<Readiness> ready = new CompletableFuture<>();
  private final AtomicBoolean pushWanted = new AtomicBoolean(true);
  private final AtomicBoolean pullWanted = new AtomicBoolean(true);
  // Set by live events only: pull unless the round's own push already moved the cursor past
  // what was announced (the event of this client's own write).
  private final AtomicBoolean announced = new AtomicBoolean();
  private final AtomicLong announcedCursor = new AtomicLong();
  // Live events that carry their changes, in arrival order, for the sync thread to apply.
  private final CarriedEvents carried = new CarriedEvents();
  private final Object lock = new Object();
  private final List<CompletableFuture<Void>> waiting = new ArrayList<>(); // guarded by lock
  private @Nullable ScheduledFuture<?> scheduled; // guarded by lock
  private long scheduledAt; // System.nanoTime() of the scheduled run; guarded by lock
  private boolean closed; // guarded by lock
  private volatile boolean backingOff;
  /** The HTTP status of the last failed round (0: unreachable), -1 for none; sync thread only. */
  private int lastFailureStatus = -1;
  private volatile SyncStatus status = SyncStatus.SYNCING;

  SyncLoop(RealSyncedAtom atom, SyncOptions options, SyncTransport transport, String clientId,
      RandomGenerator random) {
    this.transport = transport;
    this.atom = atom;
    this.options = options;
    this.round = new SyncRound(atom, transport, clientId, options.conflictStrategy());
    this.executor = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("atomsync-sync-" + atom.group()).factory());
    this.backoff = new Backoff(options.minBackoff(), options.maxBackoff(), random);
  }

  /** Starts the first round (push what the outbox holds, then pull), the interval and events. */
  void start() {
    schedule(Duration.ZERO);
    long interval = options.pullInterval().toNanos();
    executor.scheduleWithFixedDelay(this::intervalElapsed, interval, interval,
        TimeUnit.NANOSECONDS);
    Registration subscription = transport.subscribe(atom.group(), new EventsListener());
    synchronized (lock) {
      if (closed) {
        subscription.remove();
      } else {
        events = subscription;
      }
    }
  }

  CompletableFuture<Readiness> ready() {
    return ready;
  }

  SyncStatus status() {
    return status;
  }

  /** Called after a local write committed: push it soon. */
  void localWrite() {
    pushWanted.set(true);
    if (!backingOff) {
      schedule(options.pushDebounce());
    }
  }

  /** Starts a full round now, even while backing off; completes when one has finished. */
  CompletableFuture<Void> syncNow() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        done.completeExceptionally(new IllegalStateException("the atom's AtomSync is closed"));
        return done;
      }
      waiting.add(done);
    }
    pushWanted.set(true);
    pullWanted.set(true);
    schedule(Duration.ZERO);
    return done;
  }

  private void intervalElapsed() {
    pullWanted.set(true);
    if (!backingOff) {
      schedule(Duration.ZERO);
    }
  }

  /** Makes sure a round runs within {@code delay}: keeps an earlier one, replaces a later one. */
  private void schedule(Duration delay) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      long at = System.nanoTime() + delay.toNanos();
      if (scheduled != null) {
        if (scheduledAt - at <= 0) {
          return;
        }
        scheduled.cancel(false);
      }
      scheduledAt = at;
      scheduled = executor.schedule(this::run, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void run() {
    List<CompletableFuture<Void>> forced;
    synchronized (lock) {
      // From here on a new want schedules another run, which the executor runs after this one.
      scheduled = null;
      if (closed) {
        return;
      }
      forced = new ArrayList<>(waiting);
      waiting.clear();
    }
    boolean push = pushWanted.getAndSet(false) || !forced.isEmpty();
    boolean pull = pullWanted.getAndSet(false) || !forced.isEmpty();
    boolean heard = announced.getAndSet(false);
    // The cursor first, then the events: an event is kept before it raises the cursor, so every
    // event behind this cursor is among those taken. A later one starts a round of its own.
    long heardCursor = announcedCursor.get();
    List<ChangeEvent> heardChanges = carried.takeAll();
    if (!push && !pull && !(heard && round.knownCursor() < heardCursor)) {
      return;
    }
    setStatus(SyncStatus.SYNCING);
    try {
      if (push) {
        round.pushAll();
      }
      if (heard) {
        applyCarried(heardChanges);
      }
      if (heard && round.knownCursor() < heardCursor) {
        pull = true;
      }
      if (pull) {
        round.pullAll();
      }
      if (backoff.failures() > 0) {
        log.info("atom \"{}\" syncs with {} again", atom.group(), options.server());
      }
      backoff.reset();
      lastFailureStatus = -1;
      backingOff = false;
      setStatus(pushWanted.get() ? SyncStatus.SYNCING : SyncStatus.SYNCED);
      if (pull) {
        ready.complete(Readiness.SYNCED);
      }
      forced.forEach(future -> future.complete(null));
    } catch (RuntimeException e) {
      failed(e, forced);
    }
  }

  /**
   * Applies the events that start where this atom stands, which spares the pull; events that came
   * out of order are tried again once an earlier one moved the cursor. Any gap left is the pull's.
   */
  private void applyCarried(List<ChangeEvent> events) {
    List<ChangeEvent> waiting = new ArrayList<>(events);
    boolean progress = true;
    while (progress && !waiting.isEmpty()) {
      progress = false;
      for (Iterator<ChangeEvent> it = waiting.iterator(); it.hasNext(); ) {
        long before = round.knownCursor();
        if (round.applyCarried(it.next())) {
          it.remove();
          progress |= round.knownCursor() != before;
        }
      }
    }
  }

  private void failed(RuntimeException e, List<CompletableFuture<Void>> forced) {
    pushWanted.set(true);
    pullWanted.set(true);
    SyncException failure = e instanceof SyncException sync ? sync
        : new SyncException("sync of atom \"" + atom.group() + "\" failed: " + e, 0, e);
    boolean offline = failure.status() == 0 || failure.status() >= 500;
    if (!(e instanceof SyncException)) {
      log.error("sync of atom \"{}\" failed; retrying with backoff", atom.group(), e);
    } else if (backoff.failures() == 0 || failure.status() != lastFailureStatus) {
      // Once, and again when the failure changes kind (a restarting server's 503, then a 400).
      log.warn("atom \"{}\" cannot sync: {}; retrying with backoff", atom.group(), e.getMessage());
    } else {
      log.debug("atom \"{}\" still cannot sync: {}", atom.group(), e.getMessage());
    }
    lastFailureStatus = failure.status();
    setStatus(offline ? SyncStatus.OFFLINE : SyncStatus.ERROR);
    ready.complete(Readiness.OFFLINE);
    forced.forEach(future -> future.completeExceptionally(failure));
    backingOff = true;
    // Errors that retrying will not fix by itself wait the longest backoff at once.
    Duration wait = offline ? backoff.next() : options.maxBackoff();
    schedule(wait);
  }

  private void setStatus(SyncStatus next) {
    SyncStatus old = status;
    if (old != next) {
      status = next;
      atom.statusListeners().fire(listener -> listener.statusChanged(atom, old, next));
    }
  }

  /** Tells the loop what the live-events stream hears; runs on the events thread. */
  private final class EventsListener implements SyncTransport.EventListener {
    @Override
    public void connected() {
      // Changes made while the stream was down were not announced: pull once. A server that
      // answers again also ends any backoff.
      backingOff = false;
      pushWanted.set(true);
      pullWanted.set(true);
      schedule(Duration.ZERO);
    }

    @Override
    public void changed(long cursor) {
      changed(new ChangeEvent(atom.group(), cursor));
    }

    @Override
    public void changed(ChangeEvent event) {
      long cursor = event.cursor();
      if (cursor > round.knownCursor()) {
        if (event.carriesChanges()) {
          carried.add(event);
        }
        announcedCursor.accumulateAndGet(cursor, Math::max);
        announced.set(true);
        if (!backingOff) {
          schedule(Duration.ZERO);
        }
      }
    }

    @Override
    public void disconnected(SyncException cause) {
      // The transport reconnects by itself; pulls on the interval cover the gap meanwhile.
    }
  }

  /**
   * Gives changes not yet pushed one last round, so that an application that writes and exits at
   * once still syncs; bounded by {@link #CLOSE_FLUSH}, and skipped while the server is known to be
   * unreachable, so that closing offline stays prompt. What is not pushed stays in the outbox.
   */
  private void flushBeforeClose() {
    if (status == SyncStatus.OFFLINE || status == SyncStatus.ERROR) {
      return;
    }
    try {
      if (atom.store().pendingCount(atom.group()) == 0) {
        return;
      }
      syncNow().get(CLOSE_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("last push of atom \"{}\" before close did not finish: {}", atom.group(),
          e.toString());
    }
  }

  /**
   * Stops the loop: hangs up the event stream, interrupts a round in progress and waits briefly
   * for it, so that the store is not used after it is closed. Waiting {@link #syncNow()} futures
   * complete exceptionally.
   */
  @Override
  public void close() {
    flushBeforeClose();
    List<CompletableFuture<Void>> forced;
    Registration subscription;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      forced = new ArrayList<>(waiting);
      waiting.clear();
      subscription = events;
    }
    if (subscription != null) {
      subscription.remove();
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("sync thread of atom \"{}\" did not stop within 5 s", atom.group());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IllegalStateException gone = new IllegalStateException("the atom's AtomSync was closed");
    forced.forEach(future -> future.completeExceptionally(gone));
    ready.complete(Readiness.OFFLINE);
  }
}
