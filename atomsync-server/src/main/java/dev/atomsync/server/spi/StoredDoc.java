package dev.atomsync.server.spi;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A document as a store holds it: the value is encoded Transit, null for a tombstone. */
public record StoredDoc(
    String id, byte @Nullable [] value, long version, boolean deleted, long seq, Instant updated) {}
