package dev.atomsync.client.internal;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.client.spi.StoredDoc;
import dev.atomsync.core.Codec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, by an atom's {@link ConflictStrategy}, what becomes of one document whose local edit the
 * server rejected: the {@link Resolution} the store applies and the outcome listeners hear of. A
 * merge function that throws, or returns what the codec cannot encode, is logged and the server's
 * document is kept, so one bad merge never stops syncing. Runs on the sync thread.
 */
final class ConflictResolver {
  private static final Logger log = LoggerFactory.getLogger(ConflictResolver.class);

  /**
   * What to do with one conflict.
   *
   * @param merged the decoded value a merge produced; null unless {@code outcome} is MERGED
   */
  record Decision(Conflict.Outcome outcome, Resolution resolution, @Nullable Object merged) {}

  private final String group;
  private final Codec codec;
  private final LocalStore store;

  ConflictResolver(String group, Codec codec, LocalStore store) {
    this.group = group;
    this.codec = codec;
    this.store = store;
  }

  /** Returns the decision for document {@code id} with these local and remote values. */
  Decision decide(ConflictStrategy strategy, String id, @Nullable Object local,
      @Nullable Object remote) {
    return switch (strategy) {
      case ConflictStrategy.ServerWins serverWins -> takeServer();
      case ConflictStrategy.ClientWins clientWins ->
          new Decision(Conflict.Outcome.KEPT_LOCAL, Resolution.keepLocal(), null);
      case ConflictStrategy.Merge merge -> merge(merge, id, local, remote);
    };
  }

  private Decision merge(ConflictStrategy.Merge merge, String id, @Nullable Object local,
      @Nullable Object remote) {
    StoredDoc stored = store.document(id);
    Object base = stored == null || stored.baseValue() == null ? null
        : StoredFormat.decode(codec, id, stored.baseValue());
    try {
      Object merged = merge.function().merge(base, local, remote);
      byte[] encoded = merged == null ? null : Writes.encode(codec, id, merged);
      return new Decision(Conflict.Outcome.MERGED, Resolution.push(encoded), merged);
    } catch (RuntimeException e) {
      log.warn("merge function of atom \"{}\" failed on document \"{}\"; the server's version is "
          + "kept", group, id, e);
      return takeServer();
    }
  }

  private static Decision takeServer() {
    return new Decision(Conflict.Outcome.DROPPED_LOCAL, Resolution.takeServer(), null);
  }
}
