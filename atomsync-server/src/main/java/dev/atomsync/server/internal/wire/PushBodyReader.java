package dev.atomsync.server.internal.wire;

import dev.atomsync.core.internal.JsonOut;
import static dev.atomsync.core.Keys.CHANGES;
import static dev.atomsync.core.Keys.VALUE;

import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the body of {@code POST /sync} without decoding the document values in it.
 *
 * <p>{@link #read} returns what {@link Codec#standard()} would decode the body to, except that the
 * {@code :value} of each change in the top-level map's {@code :changes} is a {@link RawValue} (or
 * null when it is nil), so that {@link PushRequest#fromTransit} checks the envelope as usual and
 * the server stores each value as it came. Values are still checked: whatever {@code
 * Codec.standard()} would refuse to decode in a body is refused here too, so every stored value
 * decodes on every client. A value may nest at most {@link #MAX_VALUE_DEPTH} levels.
 *
 * <p>Bodies of the common kind are read by {@link PlainPushReader} straight from their bytes; the
 * rest, and every body with an error, token by token here.
 *
 * <p>Thread-safe: each call has its own state.
 */
public final class PushBodyReader {
  /**
   * The deepest nesting a document value may have: {@link Codec#MAX_DEPTH} less the four levels
   * above a value in the deepest response it appears in (a conflict's {@code :doc}).
   */
  public static final int MAX_VALUE_DEPTH = WireLimits.MAX_VALUE_DEPTH;

  private final Cursor cursor;
  private final Decoder decoder;
  private final JsonOut values = new JsonOut(1024);
  private final Canonicalizer copier;

  private PushBodyReader(TokenSource source, int length) {
    this.cursor = new Cursor(source, length);
    this.decoder = new Decoder(cursor);
    this.copier = new Canonicalizer(cursor, values);
  }

  /**
   * Returns the push body {@code body} encodes in {@code format}, with document values as {@link
   * RawValue}s. Bodies of another shape (not a map, {@code :changes} not a vector...) come back
   * decoded as they are, for {@code PushRequest.fromTransit} to refuse.
   *
   * @throws CodecException when the bytes are not exactly one valid Transit value in {@code
   *     format}, or a value in them could not be decoded by {@code Codec.standard()}, or a document
   *     value nests deeper than {@link #MAX_VALUE_DEPTH}; the message says what and where
   */
  public static Object read(byte[] body, WireFormat format) {
    Objects.requireNonNull(format, "format");
    if (format == WireFormat.JSON) {
      Map<Object, Object> plain = PlainPushReader.read(body);
      if (plain != null) {
        return plain;
      }
    }
    return readGenerally(body, format);
  }

  /** Reads {@code body} as {@link #read} does, without trying {@link PlainPushReader} first. */
  static Object readGenerally(byte[] body, WireFormat format) {
    try (TokenSource source =
        format == WireFormat.JSON ? new JsonTokens(body) : new MsgpackTokens(body)) {
      PushBodyReader reader = new PushBodyReader(source, body.length);
      reader.cursor.next();
      Object message = reader.message(true);
      reader.cursor.next(); // EOF, or the source complains about what follows
      return message;
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // Not expected: every input error is reported above; this keeps the contract if one is not.
      throw new CodecException("malformed " + format.mediaType() + ": " + e, e);
    }
  }

  /**
   * Reads the value at the cursor: a map (the push itself when {@code top}, else one change),
   * through any quote, or anything else decoded as the codec would.
   */
  private Object message(boolean top) {
    if (!isContainer()) {
      return decoder.value(false);
    }
    int kind = cursor.open();
    int end = cursor.end();
    String tag = cursor.tag();
    return switch (kind) {
      case Cursor.MAP -> entries(end, top);
      case Cursor.TAGGED ->
          tag.equals("'") ? quoted(end, () -> message(top)) : decoder.rest(kind, end, tag);
      default -> decoder.rest(kind, end, tag);
    };
  }

  /** Reads a map's entries, the first key being current; {@code top} says which map it is. */
  private Map<Object, Object> entries(int end, boolean top) {
    Map<Object, Object> map = new LinkedHashMap<>();
    do {
      Object key = decoder.value(true);
      cursor.next();
      Object value;
      if (top && CHANGES.equals(key)) {
        value = changes();
      } else if (!top && VALUE.equals(key)) {
        value = documentValue();
      } else {
        value = decoder.value(false);
      }
      map.put(key, value);
    } while (cursor.next() != end);
    return map;
  }

  private Object changes() {
    if (!isContainer()) {
      return decoder.value(false);
    }
    int kind = cursor.open();
    int end = cursor.end();
    String tag = cursor.tag();
    if (kind == Cursor.ARRAY) {
      return changeList(new ArrayList<>());
    }
    if (kind == Cursor.TAGGED && tag.equals("'")) {
      return quoted(end, this::changes);
    }
    if (kind == Cursor.TAGGED && tag.equals("list")) {
      return list(end);
    }
    return decoder.rest(kind, end, tag);
  }

  /**
   * Reads changes written as a list (tag {@code list}) where a vector belongs: {@code
   * Codec.standard()} reads them as a {@code LinkedList}, which {@code PushRequest} accepts.
   */
  private Object list(int end) {
    Object rep;
    if (cursor.next() == TokenSource.START_ARRAY) {
      int kind = cursor.open();
      if (kind == Cursor.ARRAY || kind == Cursor.EMPTY_ARRAY) {
        List<Object> list = new LinkedList<>();
        if (kind == Cursor.ARRAY) {
          changeList(list);
        }
        cursor.expectEnd(end, "list");
        return list;
      }
      rep = decoder.rest(kind, cursor.end(), cursor.tag());
    } else {
      rep = decoder.value(false);
    }
    cursor.expectEnd(end, "list");
    if (rep instanceof List<?> items) {
      return new LinkedList<>(items);
    }
    throw cursor.malformed("tag list needs an array");
  }

  private Object quoted(int end, Supplier<Object> inner) {
    cursor.enterQuote();
    Object value = inner.get();
    cursor.expectEnd(end, "'");
    return value;
  }

  private List<Object> changeList(List<Object> list) {
    do {
      list.add(message(false));
    } while (cursor.next() != TokenSource.END_ARRAY);
    return list;
  }

  private RawValue documentValue() {
    values.reset();
    int shape = copier.copy(MAX_VALUE_DEPTH);
    return shape == Shape.NIL ? null : new RawValue(values.copy(0));
  }

  private boolean isContainer() {
    int token = cursor.token();
    return token == TokenSource.START_ARRAY || token == TokenSource.START_MAP;
  }
}
