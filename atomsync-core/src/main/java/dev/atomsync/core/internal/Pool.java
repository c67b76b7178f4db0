package dev.atomsync.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A few reusable objects, shared by all threads, for state that costs too much to build per call
 * and must not be used by two callers at once.
 *
 * <p>{@link #take()} hands out an object no one else holds, or a new one when every slot is empty;
 * {@link #give(Object)} keeps it for the next caller, or drops it when every slot is full. An
 * object is therefore held by one caller at a time, which is what makes nested use safe: a handler
 * that calls the codec while the codec is calling it takes a second object instead of sharing the
 * first. Callers give back only objects that finished their work; one that failed half-way is
 * dropped.
 *
 * <p>Why not a {@code ThreadLocal}: the slots bound the memory to a few objects per core however
 * many threads there are (virtual threads included), and never pin an object to a thread that
 * stopped encoding. The compare-and-set that passes an object on also publishes what its last
 * holder wrote to it. Each thread starts looking at a slot of its own, so a thread that encodes
 * again usually finds the object it gave back, still warm.
 */
final class Pool<T> {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final Supplier<T> factory;
  private final AtomicReferenceArray<T> slots;
  private final int mask;

  /**
   * Returns an empty pool with two slots per processor (at most 64), making objects with factory.
   */
  Pool(Supplier<T> factory) {
    this(factory, Math.min(64, Runtime.getRuntime().availableProcessors() * 2));
  }

  /** Returns an empty pool with at least {@code slots} slots (rounded up to a power of two). */
  Pool(Supplier<T> factory, int slots) {
    if (slots < 1 || slots > 1 << 10) {
      throw new IllegalArgumentException("slots must be 1 to 1024, got " + slots);
    }
    int size = Integer.highestOneBit(slots * 2 - 1);
    this.factory = factory;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  /** Returns an object that no other caller holds, made new when none is free. */
  T take() {
    int start = start();
    for (int i = 0; i <= mask; i++) {
      int at = (start + i) & mask;
      T item = slots.get(at);
      if (item != null && slots.compareAndSet(at, item, null)) {
        return item;
      }
    }
    return factory.get();
  }

  /** Keeps {@code item}, which the caller must no longer use, for a later {@link #take()}. */
  void give(T item) {
    int start = start();
    for (int i = 0; i <= mask; i++) {
      int at = (start + i) & mask;
      if (slots.get(at) == null && slots.compareAndSet(at, null, item)) {
        return;
      }
    }
  }

  private int start() {
    return (int) ((Thread.currentThread().threadId() * GOLDEN_GAMMA) >>> 32) & mask;
  }
}
