package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.cognitect.transit.impl.WriteCache;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReusableWriteCacheTest {
  @Test
  void cacheWrite_givesWhatANewTransitJavaWriteCachePerValueGives() {
    SplittableRandom random = new SplittableRandom(7);
    ReusableWriteCache reused = new ReusableWriteCache();
    for (int value = 0; value < 200; value++) {
      WriteCache fresh = new WriteCache(true);
      reused.init();
      // Small values and values of thousands of strings (the 1936 codes run out and start over).
      int writes = random.nextBoolean() ? random.nextInt(1, 50) : random.nextInt(1, 6000);
      for (int i = 0; i < writes; i++) {
        String s =
            switch (random.nextInt(4)) {
              case 0 -> "abc";
              case 1 -> "plain string " + random.nextInt(3000);
              default -> "~:key-" + random.nextInt(3000);
            };
        boolean asMapKey = random.nextBoolean();

        assertThat(reused.cacheWrite(s, asMapKey)).as(s).isEqualTo(fresh.cacheWrite(s, asMapKey));
      }
    }
  }
}
