package dev.atomsync.server.internal.wire;

import java.util.List;

/**
 * The answer to a push, as {@link dev.atomsync.core.PushResponse} but with stored values: {@code
 * {:results [...] :cursor}}, one result per change in request order.
 */
public record WirePush(List<WireResult> results, long cursor) {
  public WirePush {
    results = List.copyOf(results);
  }
}
