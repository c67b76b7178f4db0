package dev.atomsync.server.internal.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A group's changes small enough to travel inside a live event (PROTOCOL.md, Live changes,
 * amended): all of the group's changes with seq in {@code (since, cursor]}, each document's latest
 * state, in seq order.
 *
 * <p>Immutable; the event's bytes are made once, on first use, and shared by every stream that
 * sends this very event. Thread-safe.
 */
public final class CarriedChanges {
  /**
   * The most bytes of ids and values an event carries (32 KiB): a pull's round trip costs about
   * as much as sending this over loopback, and a slow stream holds at most one such event.
   */
  public static final int MAX_BYTES = 32 * 1024;

  private final String group;
  private final long since;
  private final long cursor;
  private final List<WireDoc> docs;
  private final int bytes;
  private volatile byte @Nullable [] frame;

  private CarriedChanges(String group, long since, long cursor, List<WireDoc> docs, int bytes) {
    this.group = group;
    this.since = since;
    this.cursor = cursor;
    this.docs = docs;
    this.bytes = bytes;
  }

  /**
   * Returns the changes {@code docs} (in seq order, all of {@code group}'s in {@code (since,
   * cursor]}), or null when they are over {@link #MAX_BYTES} and the event should carry the cursor
   * only.
   */
  public static @Nullable CarriedChanges of(
      String group, long since, long cursor, List<WireDoc> docs) {
    if (since < 0 || since > cursor) {
      throw new IllegalArgumentException("since " + since + " and cursor " + cursor);
    }
    int bytes = 0;
    for (WireDoc doc : docs) {
      bytes += size(doc);
      if (bytes > MAX_BYTES) {
        return null;
      }
    }
    return new CarriedChanges(group, since, cursor, List.copyOf(docs), bytes);
  }

  /**
   * Returns these changes followed by {@code next}, the latest state of each document kept, when
   * {@code next} starts where these end and the two together are still small; otherwise null.
   */
  public @Nullable CarriedChanges followedBy(CarriedChanges next) {
    if (!next.group.equals(group) || next.since != cursor || bytes + next.bytes > MAX_BYTES) {
      return null;
    }
    Map<String, WireDoc> latest = new LinkedHashMap<>();
    for (WireDoc doc : docs) {
      latest.put(doc.id(), doc);
    }
    for (WireDoc doc : next.docs) {
      latest.remove(doc.id()); // re-inserted last, so the map stays in seq order
      latest.put(doc.id(), doc);
    }
    List<WireDoc> merged = new ArrayList<>(latest.values());
    int mergedBytes = 0;
    for (WireDoc doc : merged) {
      mergedBytes += size(doc);
    }
    return new CarriedChanges(group, since, next.cursor, List.copyOf(merged), mergedBytes);
  }

  /** Returns the group these changes belong to. */
  public String group() {
    return group;
  }

  /** Returns the group's seq these changes start after. */
  public long since() {
    return since;
  }

  /** Returns the seq of the last of these changes. */
  public long cursor() {
    return cursor;
  }

  /** Returns the documents, in seq order. */
  public List<WireDoc> docs() {
    return docs;
  }

  /** Returns the whole Server-Sent Events {@code change} event, as UTF-8; do not modify it. */
  public byte[] frame() {
    byte[] made = frame;
    if (made == null) {
      made = makeFrame();
      frame = made;
    }
    return made;
  }

  private byte[] makeFrame() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 256 + 128 * docs.size());
    try {
      out.write("event: change\ndata: ".getBytes(StandardCharsets.US_ASCII));
      ResponseBodyWriter.writeChangeEvent(this, out);
      out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static int size(WireDoc doc) {
    return doc.id().length() + (doc.value() == null ? 0 : doc.value().length());
  }
}
