package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.cognitect.transit.impl.ReadCache;
import com.cognitect.transit.impl.WriteCache;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReusableReadCacheTest {
  @Test
  void cacheRead_givesWhatANewTransitJavaReadCachePerValueGives() {
    SplittableRandom random = new SplittableRandom(7);
    ReusableReadCache reused = new ReusableReadCache();
    for (int value = 0; value < 200; value++) {
      ReadCache fresh = new ReadCache();
      reused.begin();
      // Up to 5000 strings, two thirds of them cacheable: the 1936 slots fill and start over.
      int reads = random.nextInt(1, 5000);
      for (int i = 0; i < reads; i++) {
        String s =
            switch (random.nextInt(6)) {
              case 0, 1 -> code(random.nextInt(WriteCache.MAX_CACHE_ENTRIES));
              case 2 -> random.nextBoolean() ? "^ " : "ab";
              default -> "~:key-" + random.nextInt(10_000);
            };
        boolean asMapKey = random.nextBoolean();

        assertThat(reused.cacheRead(s, asMapKey)).as(s).isEqualTo(fresh.cacheRead(s, asMapKey));
      }
    }
  }

  /** Returns the cache code of {@code slot}, as transit-java writes it. */
  private static String code(int slot) {
    int hi = slot / WriteCache.CACHE_CODE_DIGITS;
    int lo = slot % WriteCache.CACHE_CODE_DIGITS;
    char loChar = (char) (lo + WriteCache.BASE_CHAR_IDX);
    return hi == 0 ? "^" + loChar : "^" + (char) (hi + WriteCache.BASE_CHAR_IDX) + loChar;
  }
}
