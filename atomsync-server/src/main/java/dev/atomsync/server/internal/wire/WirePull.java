package dev.atomsync.server.internal.wire;

import java.util.List;

/**
 * The answer to a pull, as {@link dev.atomsync.core.PullResponse} but with stored values: {@code
 * {:docs [...] :cursor :more :reset :horizon}}.
 */
public record WirePull(List<WireDoc> docs, long cursor, boolean more, boolean reset, long horizon) {
  public WirePull {
    docs = List.copyOf(docs);
  }
}
