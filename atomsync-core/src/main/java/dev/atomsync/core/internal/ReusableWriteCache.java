package dev.atomsync.core.internal;

import com.cognitect.transit.impl.WriteCache;
import java.util.HashMap;
import java.util.Map;

/**
 * transit-java's write cache, with a reset that costs what the last value cached.
 *
 * <p>Why: transit-java's cache is a {@code HashMap} presized for all 1936 codes, and it is cleared
 * before every value; clearing walks all 2048 slots, which for a document of a few hundred bytes
 * took longer than writing it. This cache keeps a small map, and replaces it after a value that
 * cached many strings. It hands out the same codes in the same order, and starts over when they run
 * out, as transit-java's does. Not thread-safe.
 */
final class ReusableWriteCache extends WriteCache {
  private static final String[] CODES = codes();

  /** Up to this many entries the map is cleared; beyond it, replaced by a new small one. */
  private static final int CLEARED = 64;

  private Map<String, String> codes = new HashMap<>();
  private int next;

  ReusableWriteCache() {
    super(true);
  }

  @Override
  public String cacheWrite(String s, boolean asMapKey) {
    if (isCacheable(s, asMapKey)) {
      String code = codes.get(s);
      if (code != null) {
        return code;
      }
      if (next == MAX_CACHE_ENTRIES) {
        init();
      }
      codes.put(s, CODES[next++]);
    }
    return s;
  }

  @Override
  public WriteCache init() {
    if (next > CLEARED) {
      codes = new HashMap<>();
    } else {
      codes.clear();
    }
    next = 0;
    return this;
  }

  /** Returns the codes transit-java gives cached strings, in the order it gives them. */
  private static String[] codes() {
    String[] codes = new String[MAX_CACHE_ENTRIES];
    for (int i = 0; i < codes.length; i++) {
      int hi = i / CACHE_CODE_DIGITS;
      int lo = i % CACHE_CODE_DIGITS;
      codes[i] =
          hi == 0
              ? "^" + (char) (lo + BASE_CHAR_IDX)
              : "^" + (char) (hi + BASE_CHAR_IDX) + (char) (lo + BASE_CHAR_IDX);
    }
    return codes;
  }
}
