package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The data of a live {@code change} event: group G has committed writes up to {@code cursor}.
 *
 * <p>When {@code docs} is not null the event also carries the changes themselves (PROTOCOL.md, Live
 * changes, amended): {@code docs} are all of the group's changes with seq in {@code (since,
 * cursor]}, each document's latest state as a pull returns it. A cursor-only event has {@code
 * since} -1 and {@code docs} null.
 */
public record ChangeEvent(String group, long cursor, long since, @Nullable List<Doc> docs) {
  /** The {@code since} of an event that carries no changes. */
  public static final long NO_SINCE = -1;

  public ChangeEvent {
    if (docs != null) {
      docs = List.copyOf(docs);
      if (since < 0 || since > cursor) {
        throw new IllegalArgumentException(
            "an event carrying changes needs 0 <= since <= cursor, got " + since + ", " + cursor);
      }
    }
  }

  /** Returns an event that announces {@code cursor} only. */
  public ChangeEvent(String group, long cursor) {
    this(group, cursor, NO_SINCE, null);
  }

  /** Returns whether the event carries its changes. */
  public boolean carriesChanges() {
    return docs != null;
  }

  /**
   * Returns whether a client that has applied the group up to {@code clientCursor} may apply this
   * event's docs instead of pulling: it carries changes starting at or before that cursor, and
   * ending after it.
   */
  public boolean appliesAt(long clientCursor) {
    return docs != null && since <= clientCursor && clientCursor < cursor;
  }

  /** Returns the Transit map of this event. */
  public Map<Object, Object> toTransit() {
    Map<Object, Object> map = new LinkedHashMap<>(8);
    map.put(GROUP, group);
    map.put(CURSOR, cursor);
    if (docs != null) {
      map.put(SINCE, since);
      List<Object> list = new ArrayList<>(docs.size());
      for (Doc doc : docs) {
        list.add(doc.toTransit());
      }
      map.put(DOCS, list);
    }
    return map;
  }

  /**
   * Returns the cursor-only event a decoded Transit map describes, reading {@code :group} and
   * {@code :cursor} alone, as a reader of the original protocol does: for an event whose carried
   * changes cannot be read, which a client then pulls instead.
   *
   * @throws ProtocolException when those two are malformed
   */
  public static ChangeEvent announcementFromTransit(Object transit) {
    Fields f = Fields.of(transit, "change event");
    return new ChangeEvent(f.string(GROUP), f.nonNegative(CURSOR));
  }

  /**
   * Returns the event a decoded Transit map describes. Keys other than those above are ignored,
   * and an event with {@code :docs} but no {@code :since} reads as cursor-only.
   *
   * @throws ProtocolException when it is malformed
   */
  public static ChangeEvent fromTransit(Object transit) {
    Fields f = Fields.of(transit, "change event");
    String group = f.string(GROUP);
    long cursor = f.nonNegative(CURSOR);
    if (f.get(DOCS) == null || f.get(SINCE) == null) {
      return new ChangeEvent(group, cursor);
    }
    long since = f.nonNegative(SINCE);
    if (since > cursor) {
      throw ProtocolException.badRequest("change event has :since " + since + " after :cursor");
    }
    List<Doc> docs = new ArrayList<>();
    for (Object item : f.list(DOCS)) {
      docs.add(Doc.fromTransit(item));
    }
    return new ChangeEvent(group, cursor, since, docs);
  }
}
