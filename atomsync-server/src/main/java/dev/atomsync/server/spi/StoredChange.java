package dev.atomsync.server.spi;

import dev.atomsync.core.Op;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One change to apply: the value is encoded Transit for a put, null for a delete. */
public record StoredChange(String id, Op op, byte @Nullable [] value, long base, UUID change) {}
