package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a push: one result per change, in request order, and the server's cursor.
 *
 * <p>{@code since} (PROTOCOL.md, Push, amended) is the group's highest seq before this push, so the
 * group's changes with seq in {@code (since, cursor]} are exactly this push's writes; -1 when the
 * server did not say (an older server).
 */
public record PushResponse(List<PushResult> results, long cursor, long since) {
  /** The {@code since} of a response from a server that does not send it. */
  public static final long NO_SINCE = -1;

  /** Returns a response holding an immutable copy of {@code results}. */
  public PushResponse {
    results = List.copyOf(results);
  }

  /** Returns a response without {@code since}, as an older server answers. */
  public PushResponse(List<PushResult> results, long cursor) {
    this(results, cursor, NO_SINCE);
  }

  /** Returns the Transit map of this response. */
  public Map<Object, Object> toTransit() {
    List<Object> list = new ArrayList<>(results.size());
    for (PushResult result : results) {
      list.add(result.toTransit());
    }
    Map<Object, Object> map = new LinkedHashMap<>(4);
    map.put(RESULTS, list);
    map.put(CURSOR, cursor);
    if (since != NO_SINCE) {
      map.put(SINCE, since);
    }
    return map;
  }

  /**
   * Returns the response a decoded Transit map describes.
   *
   * @throws ProtocolException when it is malformed
   */
  public static PushResponse fromTransit(Object transit) {
    Fields f = Fields.of(transit, "push response");
    List<PushResult> results = new ArrayList<>();
    for (Object item : f.list(RESULTS)) {
      results.add(PushResult.fromTransit(item));
    }
    long since = f.get(SINCE) == null ? NO_SINCE : f.nonNegative(SINCE);
    return new PushResponse(results, f.nonNegative(CURSOR), since);
  }
}
