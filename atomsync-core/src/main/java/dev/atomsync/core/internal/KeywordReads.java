package dev.atomsync.core.internal;

import com.cognitect.transit.Keyword;
import com.cognitect.transit.TransitFactory;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Transit keywords, making each distinct one once. transit-java's own read handler makes a
 * new keyword for every occurrence and interns its name; documents repeat a few keywords over and
 * over, so keeping them saves that work on most of them. At most {@link #MAX_KEPT} are kept, so
 * that input with endless distinct names cannot fill the memory; beyond that they are made as
 * before. Thread-safe.
 */
final class KeywordReads {
  static final int MAX_KEPT = 10_000;

  // By the rep as read, which TransitFactory.keyword turns into the keyword (dropping a leading
  // colon), so a kept keyword is exactly what a new one would be.
  private final ConcurrentHashMap<String, Keyword> kept = new ConcurrentHashMap<>();

  Keyword read(Object rep) {
    if (!(rep instanceof String text)) {
      return TransitFactory.keyword(rep);
    }
    Keyword known = kept.get(text);
    if (known != null) {
      return known;
    }
    Keyword made = TransitFactory.keyword(text);
    if (kept.size() < MAX_KEPT) {
      kept.putIfAbsent(text, made);
    }
    return made;
  }
}
