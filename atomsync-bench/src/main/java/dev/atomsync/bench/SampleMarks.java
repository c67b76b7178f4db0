package dev.atomsync.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The moments of one propagation sample (A's swap to B's watch), as {@code System.nanoTime()}; each
 * is 0 until seen. Only the first sighting of each counts, so a retry cannot move a mark.
 */
final class SampleMarks {
  final long seq;
  final AtomicLong start = new AtomicLong();
  final AtomicLong committed = new AtomicLong();
  final AtomicLong pushSent = new AtomicLong();
  /** A's server published the event (with two nodes: A's node). */
  final AtomicLong published = new AtomicLong();
  /** With two nodes: B's node published the event it learned from A's. */
  final AtomicLong publishedB = new AtomicLong();
  final AtomicLong pushAnswered = new AtomicLong();
  final AtomicLong eventAtB = new AtomicLong();
  final AtomicLong pullSentB = new AtomicLong();
  final AtomicLong pullAnsweredB = new AtomicLong();
  final AtomicLong watchB = new AtomicLong();
  final AtomicLong pullSentA = new AtomicLong();
  final AtomicLong pullAnsweredA = new AtomicLong();
  final CountDownLatch seen = new CountDownLatch(1);

  SampleMarks(long seq) {
    this.seq = seq;
  }

  /** Returns a probe for client A's HTTP calls that marks the sample {@code current} returns. */
  static TimedHttpClient.Probe probeA(Supplier<SampleMarks> current) {
    return probe(current, m -> m.pushSent, m -> m.pushAnswered, m -> m.pullSentA,
        m -> m.pullAnsweredA, m -> null);
  }

  /** Returns a probe for client B's HTTP calls that marks the sample {@code current} returns. */
  static TimedHttpClient.Probe probeB(Supplier<SampleMarks> current) {
    return probe(current, m -> null, m -> null, m -> m.pullSentB, m -> m.pullAnsweredB,
        m -> m.eventAtB);
  }

  /** The mark an event sets on a sample; null for an event that sets none. */
  private interface Mark extends Function<SampleMarks, @Nullable AtomicLong> {}

  private static TimedHttpClient.Probe probe(Supplier<SampleMarks> current, Mark pushSent,
      Mark pushAnswered, Mark pullSent, Mark pullAnswered, Mark eventArrived) {
    return new TimedHttpClient.Probe() {
      @Override
      public void pushSent(long nanos) {
        set(pushSent, nanos);
      }

      @Override
      public void pushAnswered(long nanos) {
        set(pushAnswered, nanos);
      }

      @Override
      public void pullSent(long nanos) {
        set(pullSent, nanos);
      }

      @Override
      public void pullAnswered(long nanos) {
        set(pullAnswered, nanos);
      }

      @Override
      public void eventArrived(long nanos) {
        set(eventArrived, nanos);
      }

      private void set(Mark mark, long nanos) {
        AtomicLong field = mark.apply(current.get());
        if (field != null) {
          field.compareAndSet(0, nanos);
        }
      }
    };
  }
}
