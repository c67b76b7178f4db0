package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.ConflictListener;
import dev.atomsync.client.DocMap;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.StatusListener;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.Registration;
import dev.atomsync.client.Swap;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.Watch;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Ids;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SyncedAtom} over a {@link LocalStore}.
 *
 * <p>A change runs in two steps. Outside any lock: apply the function, validate, diff against the
 * value it started from, check ids and encode the changed documents. Under the atom's write lock:
 * if the value is still the one the change started from, commit the writes to the store, then
 * publish the new value. Holding the lock across the store's commit is what keeps the store and
 * memory in the same order, so concurrent swaps never leave the store with an older value than
 * memory; doing the expensive work before the lock keeps the lock short. A commit that fails
 * leaves the value as it was. (Committing several threads' changes in one transaction, group
 * commit, is a later optimisation of the same lock.)
 */
final class RealSyncedAtom implements SyncedAtom {
  private final String group;
  private final SyncOptions options;
  private final Codec codec;
  private final LocalStore store;
  private final BooleanSupplier closed;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Watches watches = new Watches();
  private final AtomicLong scans = new AtomicLong();
  private volatile DocMap value;
  private volatile @Nullable Predicate<? super DocMap> validator;

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
    this.closed = closed;
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
    while (true) {
      DocMap old = value;
      DocMap next = fn.apply(old);
      if (next == null) {
        throw new NullPointerException(
            "swap function returned null; return DocMap.empty() to remove every document");
      }
      validate(next);
      if (commit(old, next, writes(old, next))) {
        watches.notify(this, old, next);
        return new Swap(old, next);
      }
    }
  }

  @Override
  public DocMap reset(DocMap newValue) {
    return resetVals(newValue).newValue();
  }

  @Override
  public Swap resetVals(DocMap newValue) {
    requireNonNull(newValue, "newValue");
    validate(newValue);
    while (true) {
      DocMap old = value;
      if (commit(old, newValue, writes(old, newValue))) {
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
    if (value != expected || !commit(expected, newValue, writes(expected, newValue))) {
      return false;
    }
    watches.notify(this, expected, newValue);
    return true;
  }

  private List<LocalWrite> writes(DocMap old, DocMap next) {
    Diff diff = Diff.between(old, next);
    if (diff.scanned()) {
      scans.incrementAndGet();
    }
    return Writes.of(group, codec, diff);
  }

  /** Sets {@code next} if the value is still {@code expected}, after committing its writes. */
  private boolean commit(DocMap expected, DocMap next, List<LocalWrite> writes) {
    writeLock.lock();
    try {
      if (value != expected) {
        return false;
      }
      if (closed.getAsBoolean()) {
        throw new IllegalStateException(
            "AtomSync is closed; atom \"" + group + "\" can no longer change");
      }
      if (!writes.isEmpty()) {
        store.write(group, writes);
      }
      if (next instanceof RealDocMap real) {
        real.makeRoot();
      }
      value = next;
      return true;
    } finally {
      writeLock.unlock();
    }
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
    return CompletableFuture.completedFuture(Readiness.LOCAL_ONLY);
  }

  @Override
  public CompletableFuture<Void> sync() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public SyncStatus status() {
    return SyncStatus.LOCAL_ONLY;
  }

  @Override
  public Registration addStatusListener(StatusListener listener) {
    return () -> {};
  }

  @Override
  public Registration addConflictListener(ConflictListener listener) {
    return () -> {};
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
