package dev.atomsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChangeIdSourceTest {
  private final AtomicLong drawn = new AtomicLong();
  private final ChangeIdSource ids = new ChangeIdSource(() -> new UUID(0, drawn.incrementAndGet()));

  @Test
  void aPeekedId_isTheNextOneTaken_andIsDrawnOnce() {
    UUID peeked = ids.peek();

    assertThat(ids.peek()).isEqualTo(peeked);
    assertThat(ids.get()).isEqualTo(peeked);
    assertThat(drawn.get()).isEqualTo(1);
  }

  @Test
  void idsAreTakenInTheSourcesOrder_whetherPeekedOrNot() {
    UUID first = ids.get();
    ids.peek();
    UUID second = ids.get();
    UUID third = ids.get();

    assertThat(first).isEqualTo(new UUID(0, 1));
    assertThat(second).isEqualTo(new UUID(0, 2));
    assertThat(third).isEqualTo(new UUID(0, 3));
  }
}
