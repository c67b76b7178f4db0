package dev.atomsync.core.internal;

import com.cognitect.transit.impl.AbstractParser;
import com.cognitect.transit.impl.ReadCache;
import com.cognitect.transit.impl.WriteCache;

/**
 * transit-java's read cache, made safe to reuse from one value to the next.
 *
 * <p>A cache code such as {@code "^0"} names the n-th cacheable string of the value being read.
 * transit-java's cache does not clear its slots between values, so a code that names a slot the
 * current value has not filled yet (only malformed input does that) would read what an earlier
 * value, perhaps another client's, left there. A new cache reads nil from such a slot; this one
 * does too, by counting the slots the current value filled. Everything else is transit-java's own
 * code. Not thread-safe.
 */
final class ReusableReadCache extends ReadCache {
  private static final char SUB = '^';
  private static final String MAP_AS_ARRAY = "^ ";

  private int filled;

  /** Starts reading a new value; returns this cache. */
  ReusableReadCache begin() {
    filled = 0;
    init();
    return this;
  }

  @Override
  public Object cacheRead(String s, boolean asMapKey, AbstractParser p) {
    if (s.length() >= 2 && s.charAt(0) == SUB && !s.equals(MAP_AS_ARRAY)) {
      int slot = slot(s);
      if (slot >= filled && slot < WriteCache.MAX_CACHE_ENTRIES) {
        return null;
      }
    } else if (!s.isEmpty()
        && filled < WriteCache.MAX_CACHE_ENTRIES
        && WriteCache.isCacheable(s, asMapKey)) {
      filled++; // the slot transit-java is about to fill; it starts over at 0 when all are full
    }
    return super.cacheRead(s, asMapKey, p);
  }

  /** Returns the slot a cache code names, computed as transit-java does. */
  private static int slot(String code) {
    int hi = code.charAt(1) - WriteCache.BASE_CHAR_IDX;
    if (code.length() == 2) {
      return hi;
    }
    return hi * WriteCache.CACHE_CODE_DIGITS + code.charAt(2) - WriteCache.BASE_CHAR_IDX;
  }
}
