package dev.atomsync.client;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One conflict the sync loop settled: the server rejected a local edit of document {@code id}
 * because another write reached the server first (PROTOCOL.md, Push).
 *
 * @param id the document id
 * @param outcome what the atom's {@link ConflictStrategy} did
 * @param local the local value when the conflict was settled; null when deleted locally
 * @param remote the server's value; null when the server deleted the document or never had it
 * @param remoteVersion the server's version of the document; 0 when the server never had it
 * @param resolved the value the document has locally now (and, unless {@code outcome} is {@link
 *     Outcome#DROPPED_LOCAL}, is being pushed); null when deleted
 */
public record Conflict(
    String id,
    Outcome outcome,
    @Nullable Object local,
    @Nullable Object remote,
    long remoteVersion,
    @Nullable Object resolved) {

  /** Checks that id and outcome are not null. */
  public Conflict {
    requireNonNull(id, "id");
    requireNonNull(outcome, "outcome");
  }

  /** What a strategy made of a conflict. */
  public enum Outcome {
    /** The server's document was taken; the local edit was dropped ({@code ServerWins}). */
    DROPPED_LOCAL,
    /** The local value is pushed again on the server's version ({@code ClientWins}). */
    KEPT_LOCAL,
    /** The merge function's result is pushed on the server's version ({@code Merge}). */
    MERGED
  }
}
