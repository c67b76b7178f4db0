package dev.atomsync.server.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcomes of one push, in the order of its changes, and the highest seq assigned after it.
 */
public record StoredPushResult(List<Outcome> outcomes, long cursor) {

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
