package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import com.cognitect.transit.Keyword;
import dev.atomsync.core.internal.Fields;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The outcome of one change of a push: accepted ({@link Ok}) or stale ({@link Conflict}). */
public sealed interface PushResult {
  /** The {@code :status} of an applied change. */
  Keyword OK = Transit.kw("ok");

  /** The {@code :status} of a stale change. */
  Keyword CONFLICT = Transit.kw("conflict");

  /** Returns the id of the document the change named. */
  String id();

  /** Returns the Transit map of this result. */
  Map<Object, Object> toTransit();

  /** The change was applied (now or by an earlier push with the same change id). */
  record Ok(String id, long version, long seq) implements PushResult {
    @Override
    public Map<Object, Object> toTransit() {
      Map<Object, Object> map = new LinkedHashMap<>(8);
      map.put(ID, id);
      map.put(STATUS, OK);
      map.put(VERSION, version);
      map.put(SEQ, seq);
      return map;
    }
  }

  /** The change was not written; {@code doc} is the server's current state, null if none. */
  record Conflict(String id, @Nullable Doc doc) implements PushResult {
    @Override
    public Map<Object, Object> toTransit() {
      Map<Object, Object> map = new LinkedHashMap<>(6);
      map.put(ID, id);
      map.put(STATUS, CONFLICT);
      map.put(DOC, doc == null ? null : doc.toTransit());
      return map;
    }
  }

  /**
   * Returns the result a decoded Transit map describes.
   *
   * @throws ProtocolException when it is malformed
   */
  static PushResult fromTransit(Object transit) {
    Fields f = Fields.of(transit, "result");
    String id = f.string(ID);
    Keyword status = f.keyword(STATUS);
    if (status.equals(OK)) {
      return new Ok(id, f.nonNegative(VERSION), f.nonNegative(SEQ));
    }
    if (status.equals(CONFLICT)) {
      Object doc = f.get(DOC);
      return new Conflict(id, doc == null ? null : Doc.fromTransit(doc));
    }
    throw ProtocolException.badRequest("unknown result status " + status);
  }
}
