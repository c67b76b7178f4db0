package dev.atomsync.core.internal;

import dev.atomsync.core.CodecException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of compact JSON in UTF-8. Callers write the commas; strings are escaped the one
 * way the rest of this package expects (see {@link #string(String, String)}).
 */
public final class JsonOut {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  // The tens and the ones digit of each number from 0 to 99.
  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private byte[] bytes;
  private int size;

  public JsonOut(int capacity) {
    this.bytes = new byte[capacity];
  }

  public int size() {
    return size;
  }

  public void reset() {
    size = 0;
  }

  /** Drops what was written after the first {@code size} bytes. */
  public void truncate(int size) {
    this.size = size;
  }

  /** Returns a copy of the bytes from {@code from} to the end. */
  public byte[] copy(int from) {
    return Arrays.copyOfRange(bytes, from, size);
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  public void raw(char ascii) {
    ensure(1);
    bytes[size++] = (byte) ascii;
  }

  public void raw(String ascii) {
    int length = ascii.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      bytes[size++] = (byte) ascii.charAt(i);
    }
  }

  public void raw(byte[] source) {
    raw(source, 0, source.length);
  }

  public void raw(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  /**
   * Writes {@code value} in decimal, without making a string of it first. Two digits a division,
   * from a table: every pulled document carries three numbers, and this was a tenth of a pull's
   * time when it went digit by digit.
   */
  public void number(long value) {
    if (value == Long.MIN_VALUE) {
      raw(Long.toString(value));
      return;
    }
    ensure(20);
    if (value < 0) {
      bytes[size++] = '-';
      value = -value;
    }
    int at = size + digits(value);
    size = at;
    while (value >= 100) {
      int pair = (int) (value % 100);
      value /= 100;
      bytes[--at] = ONES[pair];
      bytes[--at] = TENS[pair];
    }
    if (value >= 10) {
      bytes[--at] = ONES[(int) value];
      bytes[--at] = TENS[(int) value];
    } else {
      bytes[--at] = (byte) ('0' + value);
    }
  }

  /** Returns the number of decimal digits of {@code value}, which is not negative. */
  private static int digits(long value) {
    long power = 10;
    for (int digits = 1; digits < 19; digits++) {
      if (value < power) {
        return digits;
      }
      power *= 10;
    }
    return 19;
  }

  /** Writes {@code value} as a JSON string of its decimal digits after {@code prefix}. */
  public void numberString(String prefix, long value) {
    raw('"');
    raw(prefix);
    number(value);
    raw('"');
  }

  /**
   * Writes {@code text} as a Transit string in JSON: escaped with a leading {@code ~} when it
   * starts with one of Transit's marks ({@link #needsTransitEscape}).
   */
  public void transitString(String text) {
    string(needsTransitEscape(text) ? "~" : "", text);
  }

  /** Returns whether a Transit writer, of either format, must escape {@code text} with a {@code ~}. */
  public static boolean needsTransitEscape(String text) {
    if (text.isEmpty()) {
      return false;
    }
    char first = text.charAt(0);
    return first == '~' || first == '^' || first == '`';
  }

  /** Writes {@code text} as a JSON string. */
  public void string(String text) {
    string("", text);
  }

  /**
   * Writes {@code prefix} (ASCII needing no escape, such as {@code ~:}) followed by {@code text} as
   * one JSON string, escaped as Jackson escapes it: quotes, backslashes, control characters and
   * characters beyond the Basic Multilingual Plane (as a pair of surrogate escapes); everything
   * else is written as UTF-8.
   *
   * @throws CodecException when {@code text} has a lone surrogate, which UTF-8 cannot carry
   */
  public void string(String prefix, String text) {
    int length = text.length();
    // Three bytes a char cover UTF-8; escapes take more, so room for those is made when one comes.
    ensure(prefix.length() + 3 * length + 2);
    byte[] out = bytes;
    int at = size;
    out[at++] = '"';
    for (int i = 0; i < prefix.length(); i++) {
      out[at++] = (byte) prefix.charAt(i);
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          out[at++] = (byte) c;
        } else {
          size = at;
          ensure(6 + 3 * (length - i) + 1);
          out = bytes;
          at = escape(out, at, c);
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xc0 | c >> 6);
        out[at++] = (byte) (0x80 | c & 0x3f);
      } else if (!Character.isSurrogate(c)) {
        out[at++] = (byte) (0xe0 | c >> 12);
        out[at++] = (byte) (0x80 | c >> 6 & 0x3f);
        out[at++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        // As two escapes, the way Jackson (and so transit-java) writes a pair: stored values then
        // match what the server stored before, byte for byte.
        size = at;
        ensure(12 + 3 * (length - i));
        out = bytes;
        at = unicodeEscape(out, at, c);
        at = unicodeEscape(out, at, text.charAt(++i));
      } else {
        throw new CodecException(
            "text has a lone surrogate \\u"
                + Integer.toHexString(c)
                + " at index "
                + i
                + "; only well-formed Unicode can be encoded");
      }
    }
    out[at++] = '"';
    size = at;
  }

  private static int escape(byte[] out, int at, char c) {
    out[at++] = '\\';
    switch (c) {
      case '"' -> out[at++] = '"';
      case '\\' -> out[at++] = '\\';
      case '\n' -> out[at++] = 'n';
      case '\r' -> out[at++] = 'r';
      case '\t' -> out[at++] = 't';
      case '\b' -> out[at++] = 'b';
      case '\f' -> out[at++] = 'f';
      default -> {
        return unicodeEscape(out, at - 1, c);
      }
    }
    return at;
  }

  private static int unicodeEscape(byte[] out, int at, char c) {
    out[at++] = '\\';
    out[at++] = 'u';
    out[at++] = HEX[c >> 12];
    out[at++] = HEX[c >> 8 & 0xf];
    out[at++] = HEX[c >> 4 & 0xf];
    out[at++] = HEX[c & 0xf];
    return at;
  }

  private void ensure(int more) {
    if (more > bytes.length - size) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new CodecException("a message of more than 2 GiB cannot be written");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }
}
