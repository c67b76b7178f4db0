package dev.atomsync.client.internal;

import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The change ids of a local store, where the next one can be looked at before it is taken: a write
 * that tries an insert binds the next id and takes it only when the row was inserted, so ids are
 * drawn exactly as if nothing had been tried (tests hand out ids in a fixed order). Not
 * thread-safe: the store uses it inside its transactions.
 */
final class ChangeIdSource implements Supplier<UUID> {
  private final Supplier<UUID> source;
  private @Nullable UUID next;

  ChangeIdSource(Supplier<UUID> source) {
    this.source = source;
  }

  /** Returns the id {@link #get} returns next, without taking it. */
  UUID peek() {
    if (next == null) {
      next = source.get();
    }
    return next;
  }

  /** Takes the next id. */
  @Override
  public UUID get() {
    UUID id = peek();
    next = null;
    return id;
  }
}
