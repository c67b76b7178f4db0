package dev.atomsync.server.internal.wire;

import java.util.List;

/**
 * The answer to a push, as {@link dev.atomsync.core.PushResponse} but with stored values: {@code
 * {:results [...] :cursor :since}}, one result per change in request order; {@code since} is -1
 * (and not written) when the store does not know the group's previous seq.
 */
public record WirePush(List<WireResult> results, long cursor, long since) {
  public WirePush {
    results = List.copyOf(results);
  }

  /** Returns an answer without {@code since}. */
  public WirePush(List<WireResult> results, long cursor) {
    this(results, cursor, -1);
  }
}
