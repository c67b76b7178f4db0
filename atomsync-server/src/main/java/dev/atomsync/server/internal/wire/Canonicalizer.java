package dev.atomsync.server.internal.wire;

import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.internal.JsonOut;
import java.time.DateTimeException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Copies one value from a {@link Cursor} to a {@link JsonOut} as the canonical Transit JSON of
 * {@link RawValue}, checking on the way that {@link Codec#standard()} could decode it.
 *
 * <p>The copy has no cache references (each is replaced by the string it names) and no quotes
 * ({@code ["~#'", x]} is {@code x}). Maps are written as {@code ["^ ", k, v, ...]} whatever form
 * they came in, tagged values as {@code ["~#tag", rep]}, and map keys that are not strings in the
 * text form Transit JSON writers use ({@code "~i5"}, {@code "~_"}...). Integers beyond 2^53 become
 * {@code "~i..."}, and UUIDs and instants that MessagePack writes as tagged arrays their text form
 * ({@code "~u..."}, {@code "~m..."}). Strings stay exactly as written. Each of these decodes to
 * what the original decodes to. Not thread-safe.
 */
final class Canonicalizer {
  private final Cursor cursor;
  private final TokenSource source;
  private final JsonOut out;
  private int depthLimit;
  // What the value just copied decodes to, beyond its shape: read by the tag rules.
  private String text;
  private long integer;
  private int count;
  private boolean twoIntegers;
  private long first;
  private long second;

  Canonicalizer(Cursor cursor, JsonOut out) {
    this.cursor = cursor;
    this.source = cursor.source();
    this.out = out;
  }

  /**
   * Copies the value at the current token, which may nest at most {@code maxDepth} arrays and maps
   * deep, and returns its {@link Shape}.
   *
   * @throws CodecException when the value is malformed or nests deeper
   */
  int copy(int maxDepth) {
    int outside = source.depth() - (isStart(cursor.token()) ? 1 : 0);
    depthLimit = outside + maxDepth;
    return value(false);
  }

  /** Returns the value of the last integer copied. */
  long integer() {
    return integer;
  }

  /**
   * Returns whether the last array copied held exactly two integers, {@link #first} and {@link
   * #second}.
   */
  boolean twoIntegers() {
    return twoIntegers;
  }

  long first() {
    return first;
  }

  long second() {
    return second;
  }

  private int value(boolean asMapKey) {
    switch (cursor.token()) {
      case TokenSource.STRING -> {
        return string(cursor.readString(asMapKey));
      }
      case TokenSource.INTEGER -> {
        long value = source.longValue();
        integer = value;
        if (asMapKey || !WireLimits.isJsonSafe(value)) {
          out.numberString("~i", value);
        } else {
          out.number(value);
        }
        return Shape.INTEGER;
      }
      case TokenSource.BIG_INTEGER -> {
        String digits = source.bigText();
        if (digits.length() > Codec.MAX_NUMBER_LENGTH) {
          throw cursor.malformed(
              "an integer of "
                  + digits.length()
                  + " characters is longer than the limit of "
                  + Codec.MAX_NUMBER_LENGTH);
        }
        out.string("~n", digits);
        return Shape.NUMBER;
      }
      case TokenSource.FLOAT -> {
        decimal(source.doubleValue(), asMapKey);
        return Shape.NUMBER;
      }
      case TokenSource.TRUE, TokenSource.FALSE -> {
        boolean value = cursor.token() == TokenSource.TRUE;
        if (asMapKey) {
          out.string("~?", value ? "t" : "f");
        } else {
          out.raw(value ? "true" : "false");
        }
        return Shape.BOOLEAN;
      }
      case TokenSource.NULL -> {
        if (asMapKey) {
          out.string("~_");
        } else {
          out.raw("null");
        }
        return Shape.NIL;
      }
      case TokenSource.START_ARRAY, TokenSource.START_MAP -> {
        return container();
      }
      default -> throw cursor.malformed("a value is missing (a map's last key has none?)");
    }
  }

  private void decimal(double value, boolean asMapKey) {
    if (Double.isNaN(value)) {
      out.string("~zNaN");
    } else if (Double.isInfinite(value)) {
      out.string(value > 0 ? "~zINF" : "~z-INF");
    } else if (asMapKey) {
      out.string("~d", Double.toString(value));
    } else {
      out.raw(Double.toString(value));
    }
  }

  private int string(String written) {
    if (Cursor.isTag(written)) {
      throw cursor.malformed("tag " + written + " stands where a value must be");
    }
    int start = out.size();
    try {
      out.string(written.equals(Cursor.MAP_MARKER) ? "~^ " : written);
    } catch (CodecException e) {
      throw cursor.malformed(e.getMessage());
    }
    if (written.length() > 1 && written.charAt(0) == '~') {
      char tag = written.charAt(1);
      if (tag == '~' || tag == '^' || tag == '`') {
        text = written.substring(1);
        return Shape.STRING;
      }
      int shape;
      try {
        shape = TagRules.scalar(tag, written, 2);
      } catch (IllegalArgumentException e) {
        throw cursor.malformed("bad " + written + ": " + e.getMessage());
      }
      if (shape == Shape.STRING) {
        text = written.substring(2);
      } else if (shape == Shape.INTEGER) {
        integer = Long.parseLong(written, 2, written.length(), 10);
      }
      return shape == Shape.DECODE ? decode(start) : shape;
    }
    text = written;
    return Shape.STRING;
  }

  private int container() {
    if (source.depth() > depthLimit) {
      throw cursor.malformed(
          "a document value nests deeper than " + WireLimits.MAX_VALUE_DEPTH + " levels");
    }
    int kind = cursor.open();
    int end = cursor.end();
    switch (kind) {
      case Cursor.EMPTY_ARRAY -> {
        out.raw("[]");
        count = 0;
        twoIntegers = false;
        return Shape.ARRAY;
      }
      case Cursor.EMPTY_MAP -> {
        out.raw("[\"^ \"]");
        return Shape.MAP;
      }
      case Cursor.ARRAY -> {
        return array();
      }
      case Cursor.MAP -> {
        out.raw("[\"^ \"");
        do {
          out.raw(',');
          value(true);
          out.raw(',');
          cursor.next();
          value(false);
        } while (cursor.next() != end);
        out.raw(']');
        return Shape.MAP;
      }
      default -> {
        return tagged(cursor.tag(), end);
      }
    }
  }

  private int array() {
    out.raw('[');
    int items = 0;
    int integers = 0;
    long a = 0;
    long b = 0;
    do {
      if (items > 0) {
        out.raw(',');
      }
      if (value(false) == Shape.INTEGER && items < 2) {
        integers++;
        if (items == 0) {
          a = integer;
        } else {
          b = integer;
        }
      }
      items++;
    } while (cursor.next() != TokenSource.END_ARRAY);
    out.raw(']');
    count = items;
    twoIntegers = items == 2 && integers == 2;
    first = a;
    second = b;
    return Shape.ARRAY;
  }

  private int tagged(String tag, int end) {
    if (tag.equals("'")) {
      cursor.enterQuote();
      int shape = value(false);
      cursor.expectEnd(end, tag);
      return shape;
    }
    cursor.next();
    int start = out.size();
    out.raw('[');
    try {
      out.string("~#", tag);
    } catch (CodecException e) {
      throw cursor.malformed(e.getMessage());
    }
    out.raw(',');
    int rep = value(false);
    cursor.expectEnd(end, tag);
    out.raw(']');
    int shape;
    try {
      shape = TagRules.tagged(tag, rep, text, count, twoIntegers);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw cursor.malformed("bad #" + tag + ": " + e.getMessage());
    }
    if (shape == Shape.DECODE) {
      return decode(start);
    }
    if (tag.equals("u") && rep == Shape.ARRAY) {
      // MessagePack's form of a UUID; JSON writers (and readers in JavaScript) use the text form.
      out.truncate(start);
      out.string("~u", new UUID(first, second).toString());
    } else if (tag.equals("m") && rep == Shape.INTEGER) {
      out.truncate(start);
      out.numberString("~m", integer);
    }
    return shape;
  }

  /** Decodes the copy from {@code start} with {@code Codec.standard()}, which has the last word. */
  private int decode(int start) {
    Object value = cursor.decode(out, start);
    if (value == null) {
      return Shape.NIL;
    } else if (value instanceof String string) {
      text = string;
      return Shape.STRING;
    } else if (value instanceof Long number) {
      integer = number;
      return Shape.INTEGER;
    } else if (value instanceof List<?> list) {
      count = list.size();
      twoIntegers = count == 2 && list.get(0) instanceof Long && list.get(1) instanceof Long;
      if (twoIntegers) {
        first = (Long) list.get(0);
        second = (Long) list.get(1);
      }
      return Shape.ARRAY;
    } else if (value instanceof Map<?, ?>) {
      return Shape.MAP;
    }
    return Shape.UNKNOWN;
  }

  private static boolean isStart(int token) {
    return token == TokenSource.START_ARRAY || token == TokenSource.START_MAP;
  }
}
