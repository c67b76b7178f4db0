package dev.atomsync.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers what a function made for each key, for at most {@link #MAX_KEPT} keys (a few more when
 * threads race), so that input with endless distinct keys cannot fill the memory; beyond that the
 * function is called every time. Keys must be small, since they are kept: the caller bounds them.
 * The codec reads keywords through one: transit-java makes a new keyword for every one it reads and
 * interns its name, while documents repeat a few keywords over and over (a 10,000-document pull
 * page decoded in 33–39 ms before, 22–24 ms after). Thread-safe; the function may run more than once
 * for a key that two threads ask for at once, and nothing is kept when it throws.
 */
final class Memo<K, V> {
  static final int MAX_KEPT = 10_000;

  private final ConcurrentHashMap<K, V> kept = new ConcurrentHashMap<>();
  private final Function<K, V> make;

  Memo(Function<K, V> make) {
    this.make = make;
  }

  V get(K key) {
    V known = kept.get(key);
    if (known != null) {
      return known;
    }
    V made = make.apply(key);
    if (kept.size() < MAX_KEPT) {
      kept.putIfAbsent(key, made);
    }
    return made;
  }
}
