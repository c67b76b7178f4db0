package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolTest {
  private final AtomicInteger made = new AtomicInteger();

  private Pool<Object> pool(int slots) {
    return new Pool<>(() -> "object " + made.incrementAndGet(), slots);
  }

  @Test
  void take_returnsTheObjectGivenBack() {
    Pool<Object> pool = pool(4);
    Object first = pool.take();
    pool.give(first);

    assertThat(pool.take()).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void take_whileAnotherCallerHoldsTheOnlyObject_makesANewOne() {
    Pool<Object> pool = pool(4);
    pool.give(pool.take());
    Object outer = pool.take();

    Object nested = pool.take();

    assertThat(nested).isNotSameAs(outer);
    assertThat(made).hasValue(2);
  }

  @Test
  void give_whenEverySlotIsFull_dropsTheObject() {
    Pool<Object> pool = pool(1);
    Object first = pool.take();
    Object second = pool.take();
    pool.give(first);
    pool.give(second);

    assertThat(pool.take()).isSameAs(first);
    assertThat(pool.take()).isNotSameAs(second);
  }

  @Test
  void constructor_rejectsSlotCountOutOfRange() {
    assertThatThrownBy(() -> pool(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slots must be 1 to 1024, got 0");
  }
}
