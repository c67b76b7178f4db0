package dev.atomsync.bench;

import dev.atomsync.bench.TimedHttpClient.Moment;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

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
    return probe(current, Map.of(
        Moment.PUSH_SENT, m -> m.pushSent,
        Moment.PUSH_ANSWERED, m -> m.pushAnswered,
        Moment.PULL_SENT, m -> m.pullSentA,
        Moment.PULL_ANSWERED, m -> m.pullAnsweredA));
  }

  /** Returns a probe for client B's HTTP calls that marks the sample {@code current} returns. */
  static TimedHttpClient.Probe probeB(Supplier<SampleMarks> current) {
    return probe(current, Map.of(
        Moment.PULL_SENT, m -> m.pullSentB,
        Moment.PULL_ANSWERED, m -> m.pullAnsweredB,
        Moment.EVENT_ARRIVED, m -> m.eventAtB));
  }

  /** Returns a probe that sets, on the current sample, the mark {@code marks} names for a moment. */
  private static TimedHttpClient.Probe probe(
      Supplier<SampleMarks> current, Map<Moment, Function<SampleMarks, AtomicLong>> marks) {
    return (moment, nanos) -> {
      Function<SampleMarks, AtomicLong> mark = marks.get(moment);
      if (mark != null) {
        mark.apply(current.get()).compareAndSet(0, nanos);
      }
    };
  }
}
