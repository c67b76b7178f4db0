package dev.atomsync.server.internal.wire;

import static dev.atomsync.core.Keys.BASE;
import static dev.atomsync.core.Keys.CHANGE;
import static dev.atomsync.core.Keys.CHANGES;
import static dev.atomsync.core.Keys.CLIENT;
import static dev.atomsync.core.Keys.GROUP;
import static dev.atomsync.core.Keys.ID;
import static dev.atomsync.core.Keys.OP;
import static dev.atomsync.core.Keys.VALUE;

import com.cognitect.transit.Keyword;
import dev.atomsync.core.Transit;
import dev.atomsync.core.internal.JsonOut;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Transit JSON push body of the common kind straight from its bytes, giving exactly what
 * {@link PushBodyReader} gives, and declines every other body, which that reader then reads.
 *
 * <p>Why by hand: reading a push token by token through Jackson, resolving each string through the
 * read cache and writing it out again took 2.3–2.8 ms of a 1,000-change push on the server's
 * request thread, more than SQLite's insert of the same rows. In the bodies clients send, a
 * value's canonical form is its own bytes with each cache reference replaced by the string it
 * names. So this reader checks the bytes and copies them in runs, breaking a run only at a cache
 * reference.
 *
 * <p>It handles what Transit JSON writers send in the common case: compact JSON; strings of
 * printable ASCII without escapes; integers written canonically within 2^53; true,
 * false and null; arrays, maps in array form, sets and lists; keywords, symbols, UUIDs, dates and
 * integers written as strings; the envelope's known keys. Anything else (whitespace, escapes,
 * other text, floats, other tags, JSON objects, unknown envelope keys, malformed input) makes it
 * decline, so the general reader, which knows every rule, decides and reports. Not thread-safe.
 */
final class PlainPushReader {
  private static final Keyword PUT = Transit.kw("put");
  private static final Keyword DELETE = Transit.kw("delete");

  /** Deeper values are left to the general reader, which enforces the exact limit. */
  private static final int MAX_DEPTH = WireLimits.MAX_VALUE_DEPTH - 1;

  /**
   * Longer strings are left to the general reader: Jackson refuses them there, and so do clients
   * reading with Jackson's defaults, so a longer string must never be stored.
   */
  private static final int MAX_STRING_LENGTH =
      WireLimits.JSON.streamReadConstraints().getMaxStringLength();

  private static final boolean[] HEX_DIGIT = new boolean[256];
  private static final boolean[] UUID_DASH = new boolean[36];

  static {
    for (char c : "0123456789abcdefABCDEF".toCharArray()) {
      HEX_DIGIT[c] = true;
    }
    UUID_DASH[8] = UUID_DASH[13] = UUID_DASH[18] = UUID_DASH[23] = true;
  }

  /** Declining unwinds the reader from any depth; it carries no stack trace, so it is cheap. */
  private static final class Decline extends RuntimeException {
    Decline() {
      super(null, null, false, false);
    }
  }

  private static final Decline DECLINE = new Decline();

  private final byte[] in;
  private int at;

  // The read cache (RefCache's rules). Every string this reader caches is plain text between two
  // quotes of the body, so an entry is the range of its characters.
  private final int[] cachedStart = new int[WireLimits.CACHE_SIZE];
  private final int[] cachedLength = new int[WireLimits.CACHE_SIZE];
  private int cacheSize;

  // The string just read, as first written: the range of its characters in the body.
  private int textStart;
  private int textLength;

  private final JsonOut value = new JsonOut(1024);
  // Where the bytes of the current value not yet copied to value start.
  private int runStart;

  private PlainPushReader(byte[] body) {
    this.in = body;
  }

  /**
   * Returns what {@link PushBodyReader#read} returns for the Transit JSON {@code body}, or null
   * when this reader leaves the body to it.
   */
  static @Nullable Map<Object, Object> read(byte[] body) {
    try {
      return new PlainPushReader(body).push();
    } catch (Decline decline) {
      return null;
    }
  }

  private Map<Object, Object> push() {
    Map<Object, Object> push = envelopeMap(this::pushField);
    if (at != in.length) {
      throw DECLINE;
    }
    return push;
  }

  private Object pushField(Keyword key) {
    if (key == GROUP || key == CLIENT) {
      return plainString();
    } else if (key == CHANGES) {
      return changes();
    }
    throw DECLINE;
  }

  private List<Object> changes() {
    expect('[');
    List<Object> changes = new ArrayList<>();
    do {
      changes.add(change());
    } while (comma());
    expect(']');
    return changes;
  }

  private Map<Object, Object> change() {
    return envelopeMap(this::changeField);
  }

  private @Nullable Object changeField(Keyword key) {
    if (key == ID) {
      return plainString();
    } else if (key == OP) {
      return op();
    } else if (key == VALUE) {
      return documentValue();
    } else if (key == BASE) {
      return number();
    } else if (key == CHANGE) {
      return uuid();
    }
    throw DECLINE;
  }

  /**
   * Reads a map of the envelope: each key one of the protocol's, each value read by {@code field},
   * which declines keys it does not know.
   */
  private Map<Object, Object> envelopeMap(Function<Keyword, @Nullable Object> field) {
    Map<Object, Object> map = new LinkedHashMap<>();
    mapStart();
    while (comma()) {
      Keyword key = envelopeKey();
      expect(',');
      map.put(key, field.apply(key));
    }
    expect(']');
    return map;
  }

  /** Reads {@code ["^ "} , the start of a map in array form. */
  private void mapStart() {
    expect('[');
    string(false);
    if (!isMapMarker()) {
      throw DECLINE;
    }
  }

  /** Reads a key of the envelope and returns it as the protocol's keyword constant. */
  private Keyword envelopeKey() {
    string(true);
    if (textLength < 3 || in[textStart] != '~' || in[textStart + 1] != ':') {
      throw DECLINE;
    }
    return switch (textLength - 2) {
      case 2 -> nameIs("id") ? ID : nameIs("op") ? OP : null;
      case 4 -> nameIs("base") ? BASE : null;
      case 5 -> nameIs("group") ? GROUP : nameIs("value") ? VALUE : null;
      case 6 -> nameIs("client") ? CLIENT : nameIs("change") ? CHANGE : null;
      case 7 -> nameIs("changes") ? CHANGES : null;
      default -> null;
    };
  }

  /** Returns whether the key just read, whose length the caller checked, is {@code ~:name}. */
  private boolean nameIs(String name) {
    return bytesAre(textStart + 2, name);
  }

  /** Reads a string that is text as written: not a tagged scalar, not an escaped one. */
  private String plainString() {
    string(false);
    if (textLength > 0 && (in[textStart] == '~' || in[textStart] == '^')) {
      throw DECLINE;
    }
    return new String(in, textStart, textLength, StandardCharsets.ISO_8859_1);
  }

  private Keyword op() {
    string(false);
    if (textIs("~:put")) {
      return PUT;
    }
    if (textIs("~:delete")) {
      return DELETE;
    }
    throw DECLINE;
  }

  private boolean textIs(String text) {
    return textLength == text.length() && bytesAre(textStart, text);
  }

  /** Returns whether the body holds the ASCII {@code text} from {@code from} on. */
  private boolean bytesAre(int from, String text) {
    if (from + text.length() > in.length) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (in[from + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private UUID uuid() {
    string(false);
    if (textLength != 38 || in[textStart] != '~' || in[textStart + 1] != 'u' || !isUuid()) {
      throw DECLINE;
    }
    return UUID.fromString(new String(in, textStart + 2, 36, StandardCharsets.ISO_8859_1));
  }

  /** Reads a change's value: null for nil, else its canonical bytes. */
  private @Nullable RawValue documentValue() {
    if (literal("null")) {
      return null;
    }
    value.reset();
    runStart = at;
    value(0);
    value.raw(in, runStart, at - runStart);
    return new RawValue(value.copy(0));
  }

  private void value(int depth) {
    if (at >= in.length) {
      throw DECLINE;
    }
    switch (in[at]) {
      case '"' -> scalarString(false);
      case '[' -> container(depth + 1);
      case 't' -> requireLiteral("true");
      case 'f' -> requireLiteral("false");
      case 'n' -> requireLiteral("null");
      default -> number();
    }
  }

  /**
   * Reads the array that starts here, at {@code depth} levels into the value, and returns its
   * shape: {@link Shape#ARRAY}, {@link Shape#MAP}, or {@link Shape#UNKNOWN} for a set (a list
   * reads as an array).
   */
  private int container(int depth) {
    if (depth > MAX_DEPTH) {
      throw DECLINE;
    }
    at++;
    if (at < in.length && in[at] == ']') {
      at++;
      return Shape.ARRAY;
    }
    if (at < in.length && in[at] == '"') {
      int quote = at;
      boolean reference = string(false);
      if (isMapMarker()) {
        while (comma()) {
          scalarString(true);
          expect(',');
          value(depth);
        }
        expect(']');
        return Shape.MAP;
      }
      if (isTag()) {
        return tagged(quote, reference, depth);
      }
      copyScalar(quote, reference);
    } else {
      value(depth);
    }
    while (comma()) {
      value(depth);
    }
    expect(']');
    return Shape.ARRAY;
  }

  /** Reads the rest of {@code ["~#set", [...]]} or {@code ["~#list", [...]]}; declines others. */
  private int tagged(int quote, boolean reference, int depth) {
    boolean set = textIs("~#set");
    if (!set && !textIs("~#list")) {
      throw DECLINE;
    }
    if (reference) {
      copyReference(quote);
    }
    expect(',');
    if (at >= in.length || in[at] != '[' || container(depth + 1) != Shape.ARRAY) {
      throw DECLINE;
    }
    expect(']');
    return set ? Shape.UNKNOWN : Shape.ARRAY;
  }

  private void scalarString(boolean asMapKey) {
    int quote = at;
    copyScalar(quote, string(asMapKey));
  }

  /**
   * Checks the string just read, which began at {@code quote}, as a scalar value or key, and
   * copies it when it was a cache reference.
   */
  private void copyScalar(int quote, boolean reference) {
    if (textLength >= 2 && in[textStart] == '~') {
      boolean ok =
          switch (in[textStart + 1]) {
            case '~', '^', '`' -> true;
            case ':', '$' -> textLength > 2;
            case 'u' -> textLength == 38 && isUuid();
            case 'i', 'm' -> isDigits(textStart + 2, textLength - 2);
            default -> false; // among them '#': a tag where a value must be
          };
      if (!ok) {
        throw DECLINE;
      }
    } else if (isMapMarker()) {
      throw DECLINE; // written as "~^ " in a stored value
    }
    if (reference) {
      copyReference(quote);
    }
  }

  /** Copies the run before the reference at {@code quote}, then the string it names. */
  private void copyReference(int quote) {
    value.raw(in, runStart, quote - runStart);
    value.raw(in, textStart - 1, textLength + 2);
    runStart = at;
  }

  /**
   * Reads the string token here through the read cache and returns whether it was a reference;
   * {@link #textStart} and {@link #textLength} then hold the string as first written.
   */
  private boolean string(boolean asMapKey) {
    if (at >= in.length || in[at] != '"') {
      throw DECLINE;
    }
    int start = at + 1;
    int end = start;
    while (true) {
      if (end >= in.length) {
        throw DECLINE;
      }
      byte b = in[end];
      if (b == '"') {
        break;
      }
      // Bytes are signed: anything beyond ASCII is negative, so this also declines it.
      if (b < 0x20 || b == '\\') {
        throw DECLINE;
      }
      end++;
    }
    at = end + 1;
    int length = end - start;
    if (length > MAX_STRING_LENGTH) {
      throw DECLINE;
    }
    if (length > 0 && in[start] == '^' && !(length == 2 && in[start + 1] == ' ')) {
      resolve(start, length);
      return true;
    }
    textStart = start;
    textLength = length;
    if (isCacheable(start, length, asMapKey)) {
      if (cacheSize == cachedStart.length) {
        cacheSize = 0;
      }
      cachedStart[cacheSize] = start;
      cachedLength[cacheSize++] = length;
    }
    return false;
  }

  private boolean isCacheable(int start, int length, boolean asMapKey) {
    if (length < 4) {
      return false;
    }
    if (asMapKey) {
      return true;
    }
    byte second = in[start + 1];
    return in[start] == '~' && (second == ':' || second == '$' || second == '#');
  }

  private void resolve(int start, int length) {
    int index =
        switch (length) {
          case 2 -> cacheDigit(in[start + 1]);
          case 3 -> cacheDigit(in[start + 1]) * 44 + cacheDigit(in[start + 2]);
          default -> throw DECLINE;
        };
    if (index >= cacheSize) {
      throw DECLINE;
    }
    textStart = cachedStart[index];
    textLength = cachedLength[index];
  }

  private static int cacheDigit(byte b) {
    int digit = b - 48;
    if (digit < 0 || digit >= 44) {
      throw DECLINE;
    }
    return digit;
  }

  private boolean isMapMarker() {
    return textLength == 2 && in[textStart] == '^' && in[textStart + 1] == ' ';
  }

  private boolean isTag() {
    return textLength >= 2 && in[textStart] == '~' && in[textStart + 1] == '#';
  }

  /** Returns whether the text after {@code ~u} is a UUID in its 36-character form. */
  private boolean isUuid() {
    int start = textStart + 2;
    if (in[start + 8] != '-' || in[start + 13] != '-' || in[start + 18] != '-'
        || in[start + 23] != '-') {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      if (!HEX_DIGIT[in[start + i] & 0xff] && !UUID_DASH[i]) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether the range is an optional minus and 1 to 18 digits: always a valid long. */
  private boolean isDigits(int start, int length) {
    int from = length > 0 && in[start] == '-' ? 1 : 0;
    if (length - from < 1 || length - from > 18) {
      return false;
    }
    for (int i = start + from; i < start + length; i++) {
      if (in[i] < '0' || in[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads an integer written as JSON writes one (no leading zeros, not {@code -0}) that stays exact
   * in JavaScript, which every reader takes as the same long, and returns it.
   */
  private long number() {
    boolean negative = at < in.length && in[at] == '-';
    if (negative) {
      at++;
    }
    int digits = at;
    long magnitude = 0;
    while (at < in.length && in[at] >= '0' && in[at] <= '9' && at - digits < 16) {
      magnitude = magnitude * 10 + (in[at++] - '0');
    }
    int count = at - digits;
    boolean canonical = count > 0 && (in[digits] != '0' || (count == 1 && !negative));
    if (!canonical || !WireLimits.isJsonSafe(magnitude)) {
      throw DECLINE;
    }
    return negative ? -magnitude : magnitude;
  }

  private void requireLiteral(String word) {
    if (!literal(word)) {
      throw DECLINE;
    }
  }

  private boolean literal(String word) {
    if (!bytesAre(at, word)) {
      return false;
    }
    at += word.length();
    return true;
  }

  private boolean comma() {
    if (at < in.length && in[at] == ',') {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (at >= in.length || in[at] != c) {
      throw DECLINE;
    }
    at++;
  }
}
