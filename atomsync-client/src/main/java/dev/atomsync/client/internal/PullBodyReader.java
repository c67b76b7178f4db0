package dev.atomsync.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.atomsync.client.spi.PulledPage;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.WireFormat;
import dev.atomsync.core.internal.Limits;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a pull response (PROTOCOL.md, Pull) in Transit JSON as the AtomSync server writes it, and
 * keeps each document's value as the bytes it came in: the server writes stored values without
 * cache references, so each is a Transit JSON document of its own, which a local store keeps as it
 * is. The general way decodes the whole response and encodes every value again for the store: that
 * was half of a client's time in a large pull.
 *
 * <p>Jackson finds where each value starts and ends; the envelope is read field by field. Anything
 * this reader does not expect makes it decline: a cache reference or a verbose map anywhere, a
 * quoted value, an envelope field in another form (an instant as text, a big integer), an unknown
 * key, bytes before or after the response. The caller then takes the general way, which also
 * reports every error. Stateless.
 */
final class PullBodyReader {
  /** Nested as deep as the general way allows, which counts the envelope's levels too. */
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(
          StreamReadConstraints.builder().maxNestingDepth(Codec.MAX_DEPTH).build())
      .build();
  private static final String MAP = "^ ";
  private static final byte[] START = {'[', '"', '^', ' ', '"'};

  /** What {@link #valueBytes} returns for a value it cannot keep as it is. */
  private static final byte[] DECLINED = new byte[0];

  private final byte[] body;
  private final JsonParser parser;
  private final Codec codec;
  // Per array open in the value being read: how many elements it has had, and whether it is a
  // map (["^ ", k, v, ...]) or a tagged value (["~#tag", rep]). The parser's nesting limit keeps
  // the depth within them.
  private final int[] elements = new int[Codec.MAX_DEPTH + 1];
  private final boolean[] map = new boolean[Codec.MAX_DEPTH + 1];
  private final boolean[] tagged = new boolean[Codec.MAX_DEPTH + 1];

  private PullBodyReader(byte[] body, JsonParser parser, Codec codec) {
    this.body = body;
    this.parser = parser;
    this.codec = codec;
  }

  /**
   * Returns the page {@code body} holds, values decoded with {@code codec} and also kept as their
   * bytes; null when the body is not of the kind this reader reads (or not valid at all).
   */
  static @Nullable PulledPage read(byte[] body, Codec codec) {
    // The start as the server writes it: Jackson would also take a byte order mark or UTF-16,
    // which the general way refuses.
    if (!Arrays.equals(body, 0, Math.min(body.length, START.length), START, 0, START.length)) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(body)) {
      return new PullBodyReader(body, parser, codec).page();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private @Nullable PulledPage page() throws IOException {
    if (!mapStart()) {
      return null;
    }
    List<Doc> docs = null;
    List<RemoteDoc> stored = null;
    long cursor = -1;
    long horizon = 0;
    Boolean more = null;
    Boolean reset = null;
    boolean horizonSeen = false;
    for (JsonToken key = parser.nextToken(); key != JsonToken.END_ARRAY; key = parser.nextToken()) {
      if (key != JsonToken.VALUE_STRING) {
        return null;
      }
      switch (parser.getText()) {
        case "~:docs" -> {
          if (docs != null || parser.nextToken() != JsonToken.START_ARRAY) {
            return null;
          }
          docs = new ArrayList<>();
          stored = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (!doc(docs, stored)) {
              return null;
            }
          }
        }
        case "~:cursor" -> {
          if (cursor >= 0 || (cursor = nonNegative()) < 0) {
            return null;
          }
        }
        case "~:horizon" -> {
          if (horizonSeen || (horizon = nonNegative()) < 0) {
            return null;
          }
          horizonSeen = true;
        }
        case "~:more" -> {
          if (more != null || (more = bool()) == null) {
            return null;
          }
        }
        case "~:reset" -> {
          if (reset != null || (reset = bool()) == null) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
    }
    if (docs == null || cursor < 0 || more == null || reset == null
        || parser.nextToken() != null) {
      return null;
    }
    return new PulledPage(new PullResponse(docs, cursor, more, reset, horizon), stored);
  }

  /** Reads one document map, the parser on its first token; returns false to decline. */
  private boolean doc(List<Doc> docs, List<RemoteDoc> stored) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY || !mapMarker()) {
      return false;
    }
    String id = null;
    byte[] value = null;
    boolean valueSeen = false;
    long version = -1;
    long seq = -1;
    Boolean deleted = null;
    Instant updated = null;
    for (JsonToken key = parser.nextToken(); key != JsonToken.END_ARRAY; key = parser.nextToken()) {
      if (key != JsonToken.VALUE_STRING) {
        return false;
      }
      switch (parser.getText()) {
        case "~:id" -> {
          if (id != null || (id = string()) == null) {
            return false;
          }
        }
        case "~:value" -> {
          if (valueSeen) {
            return false;
          }
          valueSeen = true;
          value = valueBytes();
          if (value == DECLINED) {
            return false;
          }
        }
        case "~:version" -> {
          if (version >= 0 || (version = nonNegative()) < 0) {
            return false;
          }
        }
        case "~:seq" -> {
          if (seq >= 0 || (seq = nonNegative()) < 0) {
            return false;
          }
        }
        case "~:deleted" -> {
          if (deleted != null || (deleted = bool()) == null) {
            return false;
          }
        }
        case "~:updated" -> {
          if (updated != null || (updated = instant()) == null) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    if (id == null || !valueSeen || version < 0 || seq < 0 || deleted == null
        || updated == null) {
      return false;
    }
    Object decoded = value == null ? null : codec.decode(value, WireFormat.JSON);
    docs.add(new Doc(id, decoded, version, deleted, seq, updated));
    // As the general way keeps it: no value for a tombstone, nor for one that decodes to nil.
    stored.add(new RemoteDoc(id, deleted || decoded == null ? null : value, version));
    return true;
  }

  /** Reads the start of a map in Transit's array form; false when the body starts otherwise. */
  private boolean mapStart() throws IOException {
    return parser.nextToken() == JsonToken.START_ARRAY && mapMarker();
  }

  private boolean mapMarker() throws IOException {
    return parser.nextToken() == JsonToken.VALUE_STRING && MAP.equals(parser.getText());
  }

  /**
   * Returns the next value's bytes, null for nil, or {@link #DECLINED} when they cannot be kept as
   * they are: a cache reference in them (a string starting with {@code ^} other than the map
   * marker, however it is written in JSON), the quote of a top-level scalar, or a JSON object
   * (Transit's verbose maps). The parser ends on the value's last token.
   */
  private byte @Nullable [] valueBytes() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    int start = (int) parser.currentTokenLocation().getByteOffset();
    boolean keeps = switch (token) {
      case START_ARRAY -> arrayKeepsAsItIs();
      case VALUE_STRING -> !isMarkOutOfPlace();
      case null -> false;
      default -> token.isScalarValue();
    };
    if (!keeps) {
      return DECLINED;
    }
    parser.finishToken(); // a string's end is found only once it is read
    int end = (int) parser.currentLocation().getByteOffset();
    return Arrays.copyOfRange(body, start, end);
  }

  /**
   * Reads an array to its end; false when its bytes cannot be kept as they are, or when a map in
   * it does not pair its keys and values or a tagged value has no single representation
   * (transit-java reads those differently alone than inside the response, so only the general way
   * may judge them).
   */
  private boolean arrayKeepsAsItIs() throws IOException {
    int depth = 1;
    open(depth);
    while (depth > 0) {
      JsonToken token = parser.nextToken();
      if (token == null || token == JsonToken.START_OBJECT) {
        return false;
      }
      if (token == JsonToken.END_ARRAY) {
        if (map[depth] && elements[depth] % 2 == 0 || tagged[depth] && elements[depth] != 2) {
          return false;
        }
        depth--;
        continue;
      }
      int index = elements[depth]++;
      if (token == JsonToken.START_ARRAY) {
        open(++depth);
      } else if (token == JsonToken.VALUE_STRING) {
        if (index == 0 && mayBeMarker()) {
          String text = parser.getText();
          map[depth] = text.equals(MAP);
          tagged[depth] = text.startsWith("~#");
          if (text.startsWith("^") && !map[depth] || depth == 1 && text.equals("~#'")) {
            return false; // a cache reference, or the quote of a top-level scalar
          }
        } else if (isMarkOutOfPlace()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Starts counting the elements of an array opened at {@code depth}. */
  private void open(int depth) {
    elements[depth] = 0;
    map[depth] = false;
    tagged[depth] = false;
  }

  /** Returns whether the current string may be the map marker or a quote (read it to tell). */
  private boolean mayBeMarker() throws IOException {
    int first = textByte(0);
    return first == '^' || first == '~' || first == '\\' || first < 0;
  }

  /**
   * Returns whether the current string, which is not the first element of an array, starts as a
   * cache reference ({@code ^}) or a tag ({@code ~#}) would: transit-java reads those by what
   * surrounds them. Either mark can be written as itself, as an escape, or (Jackson lets it pass)
   * as an overlong UTF-8 sequence; the text is read only when the first bytes leave it open.
   */
  private boolean isMarkOutOfPlace() throws IOException {
    int first = textByte(0);
    if (first == '~') {
      int second = textByte(1);
      if (second != '#' && second != '\\' && second >= 0) {
        return false;
      }
    } else if (first != '^' && first != '\\' && first >= 0) {
      return false;
    }
    String text = parser.getText();
    return text.startsWith("^") || text.startsWith("~#");
  }

  /**
   * Returns byte {@code index} of the current string's text as written, after its opening quote
   * (negative beyond ASCII; a closing quote past the body's end, which Jackson would have refused).
   */
  private int textByte(int index) {
    int at = (int) parser.currentTokenLocation().getByteOffset() + 1 + index;
    return at < body.length ? body[at] : '"';
  }

  /** Returns the next value when it is a plain Transit string; null to decline. */
  private @Nullable String string() throws IOException {
    if (parser.nextToken() != JsonToken.VALUE_STRING) {
      return null;
    }
    String text = parser.getText();
    if (Limits.loneSurrogate(text) >= 0) {
      return null; // the general way refuses the whole body
    }
    if (text.isEmpty()) {
      return text;
    }
    char first = text.charAt(0);
    if (first == '~') {
      // "~~", "~^" and "~`" escape a string that starts with that character; others are tags.
      boolean escaped = text.length() > 1
          && (text.charAt(1) == '~' || text.charAt(1) == '^' || text.charAt(1) == '`');
      return escaped ? text.substring(1) : null;
    }
    return first == '^' || first == '`' ? null : text;
  }

  /** Returns the next value when it is an integer of at least 0; -1 to decline. */
  private long nonNegative() throws IOException {
    if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT) {
      return -1;
    }
    JsonParser.NumberType type = parser.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      return -1;
    }
    return Math.max(parser.getLongValue(), -1);
  }

  private @Nullable Boolean bool() throws IOException {
    return switch (parser.nextToken()) {
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case null, default -> null;
    };
  }

  /** Returns the next value when it is an instant in milliseconds ({@code "~m..."}); else null. */
  private @Nullable Instant instant() throws IOException {
    if (parser.nextToken() != JsonToken.VALUE_STRING) {
      return null;
    }
    String text = parser.getText();
    if (!text.startsWith("~m") || text.length() < 3) {
      return null;
    }
    return Instant.ofEpochMilli(Long.parseLong(text, 2, text.length(), 10));
  }
}
