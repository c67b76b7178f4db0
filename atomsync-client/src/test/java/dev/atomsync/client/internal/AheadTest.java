package dev.atomsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.client.SyncException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A request run ahead reports its outcome on the thread that awaits it. */
class AheadTest {

  @Test
  void await_returnsTheResultOrRethrowsTheFailure() {
    assertThat(Ahead.start("ahead-test", "a request", () -> "done").await()).isEqualTo("done");
    Ahead<String> failing = Ahead.start("ahead-test", "a request", () -> {
      throw new SyncException("refused", 503, null);
    });
    assertThatThrownBy(failing::await).isInstanceOf(SyncException.class).hasMessage("refused");
  }

  @Test
  void awaitQuietly_afterAnInterruptedAwait_returnsWithoutThrowing() {
    CountDownLatch never = new CountDownLatch(1);
    Ahead<String> blocked = Ahead.start("ahead-test", "a request", () -> {
      try {
        never.await();
        return "never";
      } catch (InterruptedException e) {
        throw new SyncException("interrupted", 0, e);
      }
    });

    Thread.currentThread().interrupt();
    assertThatThrownBy(blocked::await).isInstanceOf(SyncException.class)
        .hasMessage("a request was interrupted");
    assertThat(Thread.interrupted()).isTrue();

    blocked.awaitQuietly();
  }
}
