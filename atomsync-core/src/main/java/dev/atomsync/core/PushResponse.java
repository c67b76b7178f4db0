package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer to a push: one result per change, in request order, and the server's cursor. */
public record PushResponse(List<PushResult> results, long cursor) {
  /** Returns a response holding an immutable copy of {@code results}. */
  public PushResponse {
    results = List.copyOf(results);
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
    return new PushResponse(results, f.nonNegative(CURSOR));
  }
}
