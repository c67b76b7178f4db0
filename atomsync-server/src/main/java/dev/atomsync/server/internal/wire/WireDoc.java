package dev.atomsync.server.internal.wire;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A document as a response carries it: {@code {:id :value :version :deleted :seq :updated}}, with
 * the value as stored. A tombstone has a null value. {@code updated} is written in whole
 * milliseconds, the precision of Transit's instant.
 */
public record WireDoc(
    String id, @Nullable RawValue value, long version, boolean deleted, long seq, Instant updated) {
  public WireDoc {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(updated, "updated");
  }
}
