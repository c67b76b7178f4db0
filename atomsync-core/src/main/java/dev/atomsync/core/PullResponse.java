package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a pull: documents changed after the cursor, ordered by seq.
 *
 * @param docs each changed document's latest state, tombstones included
 * @param cursor the {@code since} of the next pull
 * @param more whether more changes wait behind {@code cursor}
 * @param reset whether this page starts the group's full live set (PROTOCOL.md, Compaction)
 * @param horizon the group's purge horizon, to pass back as {@code horizon} on the next pull
 */
public record PullResponse(
    List<Doc> docs, long cursor, boolean more, boolean reset, long horizon) {
  /** Returns a response holding an immutable copy of {@code docs}. */
  public PullResponse {
    docs = List.copyOf(docs);
  }

  /** Returns the Transit map of this response. */
  public Map<Object, Object> toTransit() {
    List<Object> list = new ArrayList<>(docs.size());
    for (Doc doc : docs) {
      list.add(doc.toTransit());
    }
    Map<Object, Object> map = new LinkedHashMap<>(10);
    map.put(DOCS, list);
    map.put(CURSOR, cursor);
    map.put(MORE, more);
    map.put(RESET, reset);
    map.put(HORIZON, horizon);
    return map;
  }

  /**
   * Returns the response a decoded Transit map describes; a missing {@code :horizon} reads as 0.
   *
   * @throws ProtocolException when it is malformed
   */
  public static PullResponse fromTransit(Object transit) {
    Fields f = Fields.of(transit, "pull response");
    List<Doc> docs = new ArrayList<>();
    for (Object item : f.list(DOCS)) {
      docs.add(Doc.fromTransit(item));
    }
    long horizon = f.has(HORIZON) ? f.nonNegative(HORIZON) : 0;
    return new PullResponse(docs, f.nonNegative(CURSOR), f.bool(MORE), f.bool(RESET), horizon);
  }
}
