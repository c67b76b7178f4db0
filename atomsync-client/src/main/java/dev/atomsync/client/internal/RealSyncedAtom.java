package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictListener;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.DocMap;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.StatusListener;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.Registration;
import dev.atomsync.client.Swap;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.Watch;
import dev.atomsync.client.spi.LocalChange;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Ids;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SyncedAtom} over a {@link LocalStore}.
 *
 * <p>A change runs in three steps. Outside any lock: apply the function, validate, diff against
 * the value it started from, check ids and encode the changed documents. Under the atom's write
 * lock: if the value is still the one the change started from, queue its writes and publish the new
 * value. Then wait until a transaction holding the writes committed ({@link GroupCommit}): the
 * first waiting thread commits everything queued, while the others queue more for the next
 * transaction. The queue keeps the order of the compare-and-sets, so the store never ends up with
 * an older value than memory; doing the expensive work before the lock keeps the lock short. A
 * commit that fails fails its swaps (and those queued after them) and sets the value back to what
 * it was before them. Changes from the server first commit whatever is queued, under the lock, so
 * the store sees them after the local changes memory already shows.
 */
final class RealSyncedAtom implements SyncedAtom {
  private static final Logger log = LoggerFactory.getLogger(RealSyncedAtom.class);
  private static final CompletableFuture<Readiness> LOCAL_READY =
      CompletableFuture.completedFuture(Readiness.LOCAL_ONLY);

  private final String group;
  private final SyncOptions options;
  private final Codec codec;
  private final LocalStore store;
  private final BooleanSupplier closed;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final GroupCommit commits;
  private final Watches watches = new Watches();
  private final ConflictResolver resolver;
  private final Listeners<StatusListener> statusListeners =
      new Listeners<>(log, "status listener");
  private final Listeners<ConflictListener> conflictListeners =
      new Listeners<>(log, "conflict listener");
  private final AtomicLong scans = new AtomicLong();
  private volatile DocMap value;
  private volatile @Nullable Predicate<? super DocMap> validator;
  private volatile @Nullable SyncLoop loop;

  RealSyncedAtom(
      String group,
      SyncOptions options,
      Codec codec,
      LocalStore store,
      DocMap initial,
      BooleanSupplier closed) {
    this.group = group;
    this.options = options;
    this.codec = codec;
    this.store = store;
    this.value = initial;
    this.resolver = new ConflictResolver(group, codec, store);
    this.closed = closed;
    this.commits = new GroupCommit(writeLock, writes -> store.write(group, writes), this::publish);
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public SyncOptions options() {
    return options;
  }

  @Override
  public DocMap deref() {
    return value;
  }

  @Override
  public DocMap swap(UnaryOperator<DocMap> fn) {
    return swapVals(fn).newValue();
  }

  @Override
  public Swap swapVals(UnaryOperator<DocMap> fn) {
    requireNonNull(fn, "fn");
    Map<Object, byte[]> encodings = new IdentityHashMap<>();
    Swap swap;
    commits.enter();
    try {
      while (true) {
        DocMap old = value;
        DocMap next = fn.apply(old);
        if (next == null) {
          throw new NullPointerException(
              "swap function returned null; return DocMap.empty() to remove every document");
        }
        validate(next);
        if (commit(old, next, writes(old, next, encodings))) {
          swap = new Swap(old, next);
          break;
        }
      }
    } finally {
      commits.exit();
    }
    watches.notify(this, swap.oldValue(), swap.newValue());
    return swap;
  }

  @Override
  public DocMap reset(DocMap newValue) {
    return resetVals(newValue).newValue();
  }

  @Override
  public Swap resetVals(DocMap newValue) {
    requireNonNull(newValue, "newValue");
    validate(newValue);
    Map<Object, byte[]> encodings = new IdentityHashMap<>();
    while (true) {
      DocMap old = value;
      if (commit(old, newValue, writes(old, newValue, encodings))) {
        watches.notify(this, old, newValue);
        return new Swap(old, newValue);
      }
    }
  }

  @Override
  public boolean compareAndSet(DocMap expected, DocMap newValue) {
    requireNonNull(expected, "expected");
    requireNonNull(newValue, "newValue");
    validate(newValue);
    if (value != expected
        || !commit(expected, newValue, writes(expected, newValue, new IdentityHashMap<>()))) {
      return false;
    }
    watches.notify(this, expected, newValue);
    return true;
  }

  private List<LocalWrite> writes(DocMap old, DocMap next, Map<Object, byte[]> encodings) {
    Diff diff = Diff.between(old, next);
    if (diff.scanned()) {
      scans.incrementAndGet();
    }
    return Writes.of(group, codec, diff,
        options.isLocalOnly() ? Long.MAX_VALUE : SyncOptions.MAX_DOCUMENT_BYTES, encodings);
  }

  /**
   * Sets {@code next} if the value is still {@code expected}, and returns once its writes
   * committed.
   */
  private boolean commit(DocMap expected, DocMap next, List<LocalWrite> writes) {
    GroupCommit.Change change;
    writeLock.lock();
    try {
      commits.awaitNoFlush();
      if (value != expected) {
        return false;
      }
      if (closed.getAsBoolean()) {
        throw new IllegalStateException(
            "AtomSync is closed; atom \"" + group + "\" can no longer change");
      }
      // A change without writes waits too: it builds on queued ones, which may still fail.
      change = commits.enqueue(expected, writes);
      publish(next);
    } finally {
      writeLock.unlock();
    }
    commits.await(change);
    SyncLoop sync = loop;
    if (sync != null && !writes.isEmpty()) {
      sync.localWrite();
    }
    return true;
  }

  private void publish(DocMap next) {
    if (next instanceof RealDocMap real) {
      real.makeRoot();
    }
    value = next;
  }

  // ---- what the sync loop tells the atom; called on the sync thread only

  /** Attaches the loop that syncs this atom; local writes tell it from now on. */
  void attach(SyncLoop sync) {
    this.loop = sync;
  }

  /**
   * Runs {@code storeChange}, which tells the store what the server holds, and shows the local
   * changes it reports in memory, both under the write lock so that memory and store stay in the
   * same order as local swaps; then runs the watches on this thread. {@code decoded} holds the
   * decoded values of bytes the caller handed to the store, to spare decoding them again.
   */
  void applyFromServer(Supplier<List<LocalChange>> storeChange, Map<String, Object> decoded) {
    DocMap old;
    DocMap next;
    writeLock.lock();
    try {
      commits.flush();
      List<LocalChange> changes = storeChange.get();
      if (changes.isEmpty()) {
        return;
      }
      old = value;
      next = withChanges(old, changes, decoded);
      publish(next);
    } finally {
      writeLock.unlock();
    }
    watches.notifyLogging(this, old, next);
  }

  /**
   * Settles the conflict of in-flight change {@code sent} with the server's state {@code server}
   * ({@code remote} decoded) by {@code strategy}, in store and memory under the write lock, runs
   * the watches if the value changed, and returns what happened for the conflict listeners.
   */
  Conflict settle(
      OutboxEntry sent, RemoteDoc server, @Nullable Object remote, ConflictStrategy strategy) {
    String id = sent.id();
    DocMap old;
    DocMap next;
    Conflict conflict;
    writeLock.lock();
    try {
      commits.flush();
      old = value;
      @Nullable Object local = old.get(id);
      ConflictResolver.Decision decision = resolver.decide(strategy, id, local, remote);
      Resolution resolution = decision.resolution();
      List<LocalChange> changes = store.settle(group, sent.change(), server, resolution);
      // Spare decoding what is known, but only where the store settled on exactly those bytes
      // (it may have taken a newer remote state it kept from a pull).
      Map<String, Object> decoded = new HashMap<>();
      for (LocalChange change : changes) {
        if (remote != null && Arrays.equals(change.value(), server.value())) {
          decoded.put(id, remote);
        } else if (resolution instanceof Resolution.Push push && decision.merged() != null
            && Arrays.equals(change.value(), push.value())) {
          decoded.put(id, StoredFormat.freeze(decision.merged()));
        }
      }
      next = changes.isEmpty() ? old : withChanges(old, changes, decoded);
      publish(next);
      conflict =
          new Conflict(id, decision.outcome(), local, remote, server.version(), next.get(id));
    } finally {
      writeLock.unlock();
    }
    if (next != old) {
      watches.notifyLogging(this, old, next);
    }
    return conflict;
  }

  private DocMap withChanges(DocMap from, List<LocalChange> changes, Map<String, Object> decoded) {
    DocMap next = from;
    for (LocalChange change : changes) {
      byte[] bytes = change.value();
      if (bytes == null) {
        next = next.minus(change.id());
      } else {
        Object known = decoded.get(change.id());
        next = next.plus(change.id(), known != null ? known : decode(change.id(), bytes));
      }
    }
    return next;
  }

  private Object decode(String id, byte[] bytes) {
    return StoredFormat.decode(codec, id, bytes);
  }

  /** Returns the codec of this atom's documents. */
  Codec codec() {
    return codec;
  }

  /** Returns the store that keeps this atom's documents. */
  LocalStore store() {
    return store;
  }

  private void validate(DocMap candidate) {
    Predicate<? super DocMap> check = validator;
    if (check != null && !check.test(candidate)) {
      throw new IllegalStateException(
          "Invalid reference state: the validator of atom \"" + group + "\" rejected the value");
    }
  }

  @Override
  public void setValidator(@Nullable Predicate<? super DocMap> validator) {
    if (validator != null && !validator.test(value)) {
      throw new IllegalStateException(
          "Invalid reference state: the new validator of atom \"" + group
              + "\" rejects its current value");
    }
    this.validator = validator;
  }

  @Override
  public @Nullable Predicate<? super DocMap> validator() {
    return validator;
  }

  @Override
  public Registration addWatch(Object key, Watch watch) {
    return watches.add(key, watch);
  }

  @Override
  public boolean removeWatch(Object key) {
    return watches.remove(key);
  }

  @Override
  public @Nullable Object get(String id) {
    return value.get(requireNonNull(id, "id"));
  }

  @Override
  public DocMap put(String id, Object value) {
    Ids.requireIdIn(id, group);
    requireNonNull(value, () -> "value of document \"" + id + "\" must not be null; use remove(id)");
    return swap(m -> m.plus(id, value));
  }

  @Override
  public DocMap update(String id, UnaryOperator<@Nullable Object> fn) {
    Ids.requireIdIn(id, group);
    requireNonNull(fn, "fn");
    return swap(m -> {
      Object next = fn.apply(m.get(id));
      return next == null ? m.minus(id) : m.plus(id, next);
    });
  }

  @Override
  public DocMap remove(String id) {
    Ids.requireIdIn(id, group);
    return swap(m -> m.minus(id));
  }

  @Override
  public int pendingCount() {
    if (closed.getAsBoolean()) {
      throw new IllegalStateException("AtomSync is closed; atom \"" + group + "\" has no store");
    }
    return store.pendingCount(group);
  }

  @Override
  public CompletableFuture<Readiness> ready() {
    SyncLoop sync = loop;
    return sync == null ? LOCAL_READY : sync.ready();
  }

  @Override
  public CompletableFuture<Void> sync() {
    if (closed.getAsBoolean()) {
      throw new IllegalStateException("AtomSync is closed; atom \"" + group + "\" cannot sync");
    }
    SyncLoop sync = loop;
    return sync == null ? CompletableFuture.completedFuture(null) : sync.syncNow();
  }

  @Override
  public SyncStatus status() {
    SyncLoop sync = loop;
    return sync == null ? SyncStatus.LOCAL_ONLY : sync.status();
  }

  @Override
  public Registration addStatusListener(StatusListener listener) {
    return statusListeners.add(listener);
  }

  @Override
  public Registration addConflictListener(ConflictListener listener) {
    return conflictListeners.add(listener);
  }

  /** Returns the status listeners, for the sync loop to call. */
  Listeners<StatusListener> statusListeners() {
    return statusListeners;
  }

  /** Returns the conflict listeners, for the sync loop to call. */
  Listeners<ConflictListener> conflictListeners() {
    return conflictListeners;
  }

  /** Returns how many changes were diffed by comparing every document (for tests). */
  long fullScans() {
    return scans.get();
  }

  @Override
  public String toString() {
    return "SyncedAtom[" + group + ", " + value.size() + " documents]";
  }
}
