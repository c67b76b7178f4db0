package dev.atomsync.server.internal.wire;

import com.cognitect.transit.Keyword;
import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.internal.JsonOut;
import dev.atomsync.core.internal.Limits;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decodes values from a {@link Cursor} into what {@link Codec#standard()} gives: {@code
 * LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Long}, keywords, UUIDs and so on.
 *
 * <p>It decodes the protocol's own fields (strings, integers, keywords, UUIDs, plain maps and
 * vectors) itself. Anything else, which a push carries only where a client put something odd, goes
 * to its canonical copy and through {@code Codec.standard()}, so that the result is that codec's by
 * construction. Not thread-safe.
 */
final class Decoder {
  private final Cursor cursor;
  private final TokenSource source;
  private final JsonOut scratch = new JsonOut(256);
  private final Canonicalizer copier;

  /** Keywords already made: transit-java interns every keyword's name, which is not free. */
  private final Map<String, Keyword> keywords = new HashMap<>();

  Decoder(Cursor cursor) {
    this.cursor = cursor;
    this.source = cursor.source();
    this.copier = new Canonicalizer(cursor, scratch);
  }

  /** Decodes the value at the current token; {@code asMapKey} says whether it is a map key. */
  Object value(boolean asMapKey) {
    return switch (cursor.token()) {
      case TokenSource.STRING -> string(cursor.readString(asMapKey));
      case TokenSource.INTEGER -> source.longValue();
      case TokenSource.BIG_INTEGER -> new BigInteger(source.bigText());
      case TokenSource.FLOAT -> source.doubleValue();
      case TokenSource.TRUE -> Boolean.TRUE;
      case TokenSource.FALSE -> Boolean.FALSE;
      case TokenSource.NULL -> null;
      case TokenSource.START_ARRAY, TokenSource.START_MAP -> {
        int kind = cursor.open();
        yield rest(kind, cursor.end(), cursor.tag());
      }
      default -> throw cursor.malformed("a value is missing (a map's last key has none?)");
    };
  }

  /**
   * Decodes the rest of a container after {@link Cursor#open()} returned {@code kind}, {@code end}
   * and, for a tagged value, {@code tag}.
   */
  Object rest(int kind, int end, String tag) {
    return switch (kind) {
      case Cursor.EMPTY_ARRAY -> new ArrayList<>();
      case Cursor.EMPTY_MAP -> new LinkedHashMap<>();
      case Cursor.ARRAY -> {
        List<Object> list = new ArrayList<>();
        do {
          list.add(value(false));
        } while (cursor.next() != TokenSource.END_ARRAY);
        yield list;
      }
      case Cursor.MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        do {
          Object key = value(true);
          cursor.next();
          map.put(key, value(false));
        } while (cursor.next() != end);
        yield map;
      }
      default -> tagged(tag, end);
    };
  }

  private Object string(String written) {
    if (Cursor.isTag(written)) {
      throw cursor.malformed("tag " + written + " stands where a value must be");
    }
    requireWellFormed(written);
    if (written.length() < 2 || written.charAt(0) != '~') {
      return written;
    }
    try {
      return switch (written.charAt(1)) {
        case '~', '^', '`' -> written.substring(1);
        case ':' -> keywords.computeIfAbsent(written, w -> TransitFactory.keyword(w.substring(2)));
        case '$' -> TransitFactory.symbol(written.substring(2));
        case 'i' -> Long.parseLong(written, 2, written.length(), 10);
        case 'u' -> UUID.fromString(written.substring(2));
        case '?' -> written.substring(2).equals("t");
        case '_' -> null;
        default -> {
          scratch.reset();
          scratch.string(written);
          yield decodeScratch();
        }
      };
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw cursor.malformed("bad " + written + ": " + e.getMessage());
    }
  }

  private Object tagged(String tag, int end) {
    scratch.reset();
    // Write the container back and let the copier check and copy the rest of it.
    if (tag.equals("'")) {
      cursor.enterQuote();
    } else {
      cursor.next();
    }
    scratch.raw('[');
    try {
      scratch.string("~#", tag);
    } catch (CodecException e) {
      throw cursor.malformed(e.getMessage());
    }
    scratch.raw(',');
    int rep = copier.copy(WireLimits.MAX_DEPTH);
    cursor.expectEnd(end, tag);
    scratch.raw(']');
    if (tag.equals("u") && rep == Shape.ARRAY && copier.twoIntegers()) {
      return new UUID(copier.first(), copier.second());
    }
    if (tag.equals("m") && rep == Shape.INTEGER) {
      return new Date(copier.integer());
    }
    return decodeScratch();
  }

  private Object decodeScratch() {
    return cursor.decode(scratch, 0);
  }

  private void requireWellFormed(String text) {
    int at = Limits.loneSurrogate(text);
    if (at >= 0) {
      throw cursor.malformed(
          "text has a lone surrogate \\u" + Integer.toHexString(text.charAt(at)) + " at index " + at);
    }
  }

}
