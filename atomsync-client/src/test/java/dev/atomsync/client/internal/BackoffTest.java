package dev.atomsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(42));

  @Test
  void next_doublesWithJitterBetweenHalfAndAll() {
    long ceiling = 100;
    for (int i = 0; i < 5; i++) {
      long wait = backoff.next().toMillis();
      assertThat(wait).as("failure %d", i + 1).isBetween(ceiling / 2, ceiling);
      ceiling *= 2;
    }
    assertThat(backoff.failures()).isEqualTo(5);
  }

  @Test
  void next_neverExceedsMax() {
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }
    assertThat(backoff.next()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void reset_startsOverAtTheInitialWait() {
    for (int i = 0; i < 10; i++) {
      backoff.next();
    }
    backoff.reset();
    assertThat(backoff.failures()).isZero();
    assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofMillis(100));
  }

  @Test
  void next_isJittered() {
    Backoff other = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new Random(7));
    long same = 0;
    for (int i = 0; i < 20; i++) {
      backoff.reset();
      other.reset();
      if (backoff.next().equals(other.next())) {
        same++;
      }
    }
    assertThat(same).isLessThan(20);
  }
}
