package dev.atomsync.server.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** An {@link InstantSource} that stands still until a test moves it. Thread-safe. */
public final class MutableClock implements InstantSource {
  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock forward by {@code amount}. */
  public synchronized void advance(Duration amount) {
    now = now.plus(amount);
  }
}
