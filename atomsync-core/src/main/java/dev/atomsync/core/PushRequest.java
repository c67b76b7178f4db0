package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The body of {@code POST /sync}: {@code {:group :client :changes [...]}}. */
public record PushRequest(String group, String client, List<Change> changes) {
  /** The most changes one push may carry. */
  public static final int MAX_CHANGES = 10_000;

  /** Returns a request holding an immutable copy of {@code changes}. */
  public PushRequest {
    changes = List.copyOf(changes);
  }

  /** Returns the Transit map of this request. */
  public Map<Object, Object> toTransit() {
    List<Object> list = new ArrayList<>(changes.size());
    for (Change change : changes) {
      list.add(change.toTransit());
    }
    Map<Object, Object> map = new LinkedHashMap<>(6);
    map.put(GROUP, group);
    map.put(CLIENT, client);
    map.put(CHANGES, list);
    return map;
  }

  /**
   * Returns the request a decoded Transit value describes, after checking all of it.
   *
   * @throws ProtocolException {@link ErrorCode#TOO_LARGE} for more than {@link #MAX_CHANGES}
   *     changes, {@link ErrorCode#BAD_REQUEST} for anything else that breaks PROTOCOL.md
   */
  public static PushRequest fromTransit(Object transit) {
    Fields f = Fields.of(transit, "push");
    String group = f.string(GROUP);
    if (!Ids.isValidGroup(group)) {
      throw ProtocolException.badRequest(
          ":group must be 1 to 128 characters of [A-Za-z0-9._-]: " + Ids.quote(group));
    }
    String client = f.string(CLIENT);
    if (client.isEmpty() || client.length() > 256) {
      throw ProtocolException.badRequest(
          ":client must be 1 to 256 characters, got " + client.length());
    }
    if (Ids.hasNul(client)) {
      throw ProtocolException.badRequest(":client must not contain U+0000: " + Ids.quote(client));
    }
    List<?> raw = f.list(CHANGES);
    if (raw.size() > MAX_CHANGES) {
      throw new ProtocolException(
          ErrorCode.TOO_LARGE,
          "a push may carry at most " + MAX_CHANGES + " changes, got " + raw.size());
    }
    List<Change> changes = new ArrayList<>(raw.size());
    Set<String> ids = new HashSet<>();
    for (Object item : raw) {
      Change change = Change.fromTransit(item, group);
      if (!ids.add(change.id())) {
        throw ProtocolException.badRequest(
            "document " + Ids.quote(change.id()) + " appears more than once in one push");
      }
      changes.add(change);
    }
    return new PushRequest(group, client, changes);
  }
}
