package dev.atomsync.server.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it. Thread-safe. */
public final class ManualClock implements InstantSource {
  /** Where a new clock starts: a whole second, so stores of any time precision keep it exactly. */
  public static final Instant START = Instant.parse("2026-11-01T12:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(START);

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves the clock forward by {@code duration} (backward when negative) and returns the new time. */
  public Instant advance(Duration duration) {
    return now.updateAndGet(t -> t.plus(duration));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(instant);
  }
}
