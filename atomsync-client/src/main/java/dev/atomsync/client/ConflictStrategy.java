package dev.atomsync.client;

import static java.util.Objects.requireNonNull;

/**
 * What a synced atom does when the server rejects a local edit as stale (PROTOCOL.md, Push).
 *
 * <p>Values are immutable and compare by content. The sync loop applies the strategy of an atom's
 * {@link SyncOptions} on the sync thread, and tells the atom's {@link ConflictListener}s.
 */
public sealed interface ConflictStrategy {

  /** Returns the default strategy: take the server's document and drop the local edit. */
  static ConflictStrategy serverWins() {
    return ServerWins.INSTANCE;
  }

  /** Returns the strategy that pushes the local value again on the server's version. */
  static ConflictStrategy clientWins() {
    return ClientWins.INSTANCE;
  }

  /** Returns the strategy that pushes what {@code function} makes of base, local and remote. */
  static ConflictStrategy merge(MergeFunction function) {
    return new Merge(function);
  }

  /** Returns the strategy that merges map documents field by field ({@link MergeFunction#fields()}). */
  static ConflictStrategy mergeFields() {
    return merge(MergeFunction.fields());
  }

  /** Takes the server's document and drops the local edit; conflict listeners hear of it. */
  record ServerWins() implements ConflictStrategy {
    static final ServerWins INSTANCE = new ServerWins();
  }

  /** Pushes the local value again on the server's new version: the last writer wins. */
  record ClientWins() implements ConflictStrategy {
    static final ClientWins INSTANCE = new ClientWins();
  }

  /**
   * Pushes the value {@code function} returns on the server's new version.
   *
   * @param function resolves base, local and remote values into one
   */
  record Merge(MergeFunction function) implements ConflictStrategy {
    /** Checks that the function is not null. */
    public Merge {
      requireNonNull(function, "function");
    }
  }
}
