package dev.atomsync.server.internal.wire;

import dev.atomsync.core.CodecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.msgpack.core.MessagePacker;

/**
 * Writes a {@link RawValue}'s JSON as Transit MessagePack, token by token, without decoding it.
 *
 * <p>MessagePack announces the size of each array and map up front, so a first pass counts the
 * items of every array in order; the second writes. {@code ["^ ", k, v, ...]} becomes a real map,
 * as MessagePack readers expect; everything else keeps its Transit meaning unchanged ({@code
 * "~i..."} stays a string, which reads back as the same integer). Reuse one instance for many
 * values; not thread-safe.
 */
final class MsgpackTranscoder {
  private int[] counts = new int[64];
  private int[] open = new int[64];
  private byte[] text = new byte[256];

  /**
   * Writes {@code value} to {@code packer}.
   *
   * @throws CodecException when the bytes are not a stored value (they were changed in storage)
   */
  void write(RawValue value, MessagePacker packer) throws IOException {
    byte[] json = value.bytes();
    count(json);
    int array = 0;
    int i = 0;
    while (i < json.length) {
      byte c = json[i];
      switch (c) {
        case '[' -> {
          int items = counts[array++];
          if (isMapMarker(json, i + 1)) {
            if (items % 2 != 1) {
              throw corrupt(json, i, "a map with a key but no value");
            }
            packer.packMapHeader(items / 2);
            i += 5; // '[' and "^ "; the comma after it, if any, is skipped below
          } else {
            packer.packArrayHeader(items);
            i++;
          }
        }
        case ']', ',' -> i++;
        case '"' -> i = string(json, i, packer);
        case 't' -> i = literal(json, i, "true", packer);
        case 'f' -> i = literal(json, i, "false", packer);
        case 'n' -> i = literal(json, i, "null", packer);
        default -> i = number(json, i, packer);
      }
    }
  }

  /** Counts the items of each array, numbered in the order they open. */
  private void count(byte[] json) {
    int arrays = 0;
    int depth = 0;
    boolean value = false;
    for (int i = 0; i < json.length; i++) {
      byte c = json[i];
      if (c == ']') {
        if (--depth < 0) {
          throw corrupt(json, i, "unbalanced ']'");
        }
        continue;
      } else if (c == ',') {
        continue;
      }
      if (depth == 0 && value) {
        throw corrupt(json, i, "more than one value");
      }
      value = true;
      if (depth > 0) {
        counts[open[depth - 1]]++;
      }
      if (c == '[') {
        if (arrays == counts.length) {
          counts = Arrays.copyOf(counts, arrays * 2);
        }
        if (depth == open.length) {
          open = Arrays.copyOf(open, depth * 2);
        }
        counts[arrays] = 0;
        open[depth++] = arrays++;
      } else if (c == '"') {
        i = skipString(json, i) - 1;
      } else {
        while (i + 1 < json.length && json[i + 1] != ',' && json[i + 1] != ']') {
          i++;
        }
      }
    }
    if (depth != 0 || !value) {
      throw corrupt(json, json.length, "truncated");
    }
  }

  private static boolean isMapMarker(byte[] json, int at) {
    return at + 3 < json.length
        && json[at] == '"'
        && json[at + 1] == '^'
        && json[at + 2] == ' '
        && json[at + 3] == '"';
  }

  private static int skipString(byte[] json, int quote) {
    for (int i = quote + 1; i < json.length; i++) {
      if (json[i] == '\\') {
        i++;
      } else if (json[i] == '"') {
        return i + 1;
      }
    }
    throw corrupt(json, quote, "unterminated string");
  }

  private int string(byte[] json, int quote, MessagePacker packer) throws IOException {
    int start = quote + 1;
    int end = skipString(json, quote) - 1;
    int escape = start;
    while (escape < end && json[escape] != '\\') {
      escape++;
    }
    if (escape == end) {
      packer.packRawStringHeader(end - start);
      packer.writePayload(json, start, end - start);
      return end + 1;
    }
    int length = unescape(json, start, end);
    packer.packRawStringHeader(length);
    packer.writePayload(text, 0, length);
    return end + 1;
  }

  /** Decodes the JSON string between {@code start} and {@code end} into {@link #text} as UTF-8. */
  private int unescape(byte[] json, int start, int end) {
    if (text.length < end - start) {
      text = new byte[Math.max(end - start, text.length * 2)];
    }
    int length = 0;
    for (int i = start; i < end; i++) {
      byte c = json[i];
      if (c != '\\') {
        text[length++] = c;
        continue;
      }
      byte e = json[++i];
      switch (e) {
        case 'n' -> text[length++] = '\n';
        case 'r' -> text[length++] = '\r';
        case 't' -> text[length++] = '\t';
        case 'b' -> text[length++] = '\b';
        case 'f' -> text[length++] = '\f';
        case '"', '\\', '/' -> text[length++] = e;
        case 'u' -> {
          int unit = hex4(json, i + 1, end);
          i += 4;
          int codePoint = unit;
          if (Character.isHighSurrogate((char) unit)
              && i + 6 < end
              && json[i + 1] == '\\'
              && json[i + 2] == 'u'
              && Character.isLowSurrogate((char) hex4(json, i + 3, end))) {
            codePoint = Character.toCodePoint((char) unit, (char) hex4(json, i + 3, end));
            i += 6;
          } else if (Character.isSurrogate((char) unit)) {
            throw corrupt(json, i, "a lone surrogate");
          }
          length = utf8(codePoint, length);
        }
        default -> throw corrupt(json, i, "an unknown escape");
      }
    }
    return length;
  }

  private int utf8(int codePoint, int at) {
    byte[] out = text;
    if (codePoint < 0x80) {
      out[at++] = (byte) codePoint;
    } else if (codePoint < 0x800) {
      out[at++] = (byte) (0xc0 | codePoint >> 6);
      out[at++] = (byte) (0x80 | codePoint & 0x3f);
    } else if (codePoint < 0x10000) {
      out[at++] = (byte) (0xe0 | codePoint >> 12);
      out[at++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
      out[at++] = (byte) (0x80 | codePoint & 0x3f);
    } else {
      out[at++] = (byte) (0xf0 | codePoint >> 18);
      out[at++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
      out[at++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
      out[at++] = (byte) (0x80 | codePoint & 0x3f);
    }
    return at;
  }

  private static int hex4(byte[] json, int at, int end) {
    if (at + 4 > end) {
      throw corrupt(json, at, "a short \\u escape");
    }
    int value = 0;
    for (int k = at; k < at + 4; k++) {
      int digit = Character.digit(json[k], 16);
      if (digit < 0) {
        throw corrupt(json, at, "a bad \\u escape");
      }
      value = value << 4 | digit;
    }
    return value;
  }

  private static int literal(byte[] json, int at, String word, MessagePacker packer)
      throws IOException {
    for (int k = 0; k < word.length(); k++) {
      if (at + k >= json.length || json[at + k] != word.charAt(k)) {
        throw corrupt(json, at, "an unknown word");
      }
    }
    switch (word) {
      case "true" -> packer.packBoolean(true);
      case "false" -> packer.packBoolean(false);
      default -> packer.packNil();
    }
    return at + word.length();
  }

  private static int number(byte[] json, int at, MessagePacker packer) throws IOException {
    int end = at;
    boolean decimal = false;
    while (end < json.length && json[end] != ',' && json[end] != ']') {
      byte c = json[end];
      decimal |= c == '.' || c == 'e' || c == 'E';
      end++;
    }
    if (!decimal && end - at <= 18 && end > at) {
      packer.packLong(smallInteger(json, at, end));
      return end;
    }
    String text = new String(json, at, end - at, StandardCharsets.US_ASCII);
    try {
      if (decimal) {
        packer.packDouble(Double.parseDouble(text));
      } else {
        packer.packLong(Long.parseLong(text));
      }
    } catch (NumberFormatException e) {
      throw corrupt(json, at, "a bad number " + text);
    }
    return end;
  }

  /** Parses at most 18 characters, a sign and digits, which always fit a long. */
  private static long smallInteger(byte[] json, int at, int end) {
    boolean negative = json[at] == '-';
    int i = negative ? at + 1 : at;
    if (i == end) {
      throw corrupt(json, at, "a bad number");
    }
    long value = 0;
    for (; i < end; i++) {
      int digit = json[i] - '0';
      if (digit < 0 || digit > 9) {
        throw corrupt(json, at, "a bad number");
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private static CodecException corrupt(byte[] json, int at, String what) {
    return new CodecException(
        "a stored value is not valid (" + what + " at byte " + at + " of " + json.length + ")");
  }
}
