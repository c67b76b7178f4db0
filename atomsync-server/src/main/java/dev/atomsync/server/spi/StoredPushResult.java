package dev.atomsync.server.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcomes of one push, in the order of its changes, and the highest seq assigned after it.
 *
 * <p>{@code since} is the group's highest seq before this push (purged seqs included), read in the
 * push's own transaction, so that the group's changes with seq in {@code (since, cursor]} are
 * exactly {@code written}: the documents this push newly wrote, as a pull would return them. A
 * store that cannot tell says {@link #UNKNOWN_SINCE}; live events are then cursor-only.
 */
public record StoredPushResult(
    List<Outcome> outcomes, long cursor, long since, List<StoredDoc> written) {
  /** The {@code since} of a store that does not know the group's previous seq. */
  public static final long UNKNOWN_SINCE = -1;

  public StoredPushResult {
    outcomes = List.copyOf(outcomes);
    written = List.copyOf(written);
  }

  /** Returns a result without the group's previous seq and written documents. */
  public StoredPushResult(List<Outcome> outcomes, long cursor) {
    this(outcomes, cursor, UNKNOWN_SINCE, List.of());
  }

  /** Returns whether {@link #since} and {@link #written} describe the push. */
  public boolean knowsSince() {
    return since != UNKNOWN_SINCE;
  }

  /** Returns whether any change of the push was newly written (a repeat is not). */
  public boolean wroteAny() {
    for (Outcome outcome : outcomes) {
      if (outcome instanceof Applied applied && !applied.repeated()) {
        return true;
      }
    }
    return false;
  }

  /** What happened to one change. */
  public sealed interface Outcome {
    String id();
  }

  /** Written at {@code version} and {@code seq}; {@code repeated} when an earlier push did it. */
  public record Applied(String id, long version, long seq, boolean repeated) implements Outcome {}

  /** Not written: the base was stale. {@code current} is the stored document, null if none. */
  public record Stale(String id, @Nullable StoredDoc current) implements Outcome {}
}
