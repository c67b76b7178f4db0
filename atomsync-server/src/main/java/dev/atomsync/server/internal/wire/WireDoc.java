package dev.atomsync.server.internal.wire;

import dev.atomsync.server.spi.StoredDoc;
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

  /** Returns {@code stored} as a response carries it, taking its value bytes rather than copying. */
  public static WireDoc ofStored(StoredDoc stored) {
    // A stored doc is made for one answer, so its value bytes can be taken rather than copied.
    RawValue value = stored.value() == null ? null : RawValue.adoptStored(stored.value());
    return new WireDoc(
        stored.id(), value, stored.version(), stored.deleted(), stored.seq(), stored.updated());
  }
}
