package dev.atomsync.core.internal;

/**
 * Checks Transit JSON before transit-java parses it: the nesting depth (transit-java parses
 * recursively, so a deep document would overflow the stack), lone surrogates (they cannot be
 * written back as UTF-8 or MessagePack), and that one value spans the whole input. Jackson reports
 * every other syntax error itself.
 */
final class JsonScanner {
  private JsonScanner() {}

  /**
   * Returns the deepest nesting of arrays and objects in {@code json}.
   *
   * @throws IllegalArgumentException naming the offset and the rule the input broke
   */
  static int check(byte[] json, int maxDepth) {
    int i = skipWhitespace(json, 0);
    if (i == json.length) {
      throw new IllegalArgumentException("no value (the input is empty)");
    }
    int depth = 0;
    int deepest = 0;
    do {
      byte c = json[i];
      if (c == '"') {
        i = skipString(json, i + 1);
      } else if (c == '[' || c == '{') {
        if (++depth > maxDepth) {
          throw new IllegalArgumentException(
              "nesting deeper than " + maxDepth + " levels at byte " + i);
        }
        deepest = Math.max(deepest, depth);
        i++;
      } else if (c == ']' || c == '}') {
        if (--depth < 0) {
          throw new IllegalArgumentException("unbalanced '" + (char) c + "' at byte " + i);
        }
        i++;
      } else if (depth == 0) {
        i = skipScalar(json, i);
      } else {
        i++;
      }
    } while (depth > 0 && i < json.length);
    if (depth > 0) {
      throw new IllegalArgumentException(
          "truncated: " + depth + " arrays or objects are still open at the end");
    }
    int end = skipWhitespace(json, i);
    if (end != json.length) {
      throw new IllegalArgumentException("unexpected bytes after the value, at byte " + end);
    }
    return deepest;
  }

  private static int skipString(byte[] json, int start) {
    int i = start;
    while (i < json.length) {
      int c = json[i] & 0xff;
      if (c == '"') {
        return i + 1;
      } else if (c == '\\') {
        i = i + 1 < json.length && json[i + 1] == 'u' ? skipUnicodeEscape(json, i) : i + 2;
      } else if (c == 0xed && i + 1 < json.length && (json[i + 1] & 0xe0) == 0xa0) {
        throw new IllegalArgumentException("UTF-8-encoded surrogate at byte " + i);
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("truncated string starting at byte " + (start - 1));
  }

  /** Skips {@code \}{@code uXXXX}, or a surrogate pair of them; rejects a lone surrogate. */
  private static int skipUnicodeEscape(byte[] json, int i) {
    int unit = hex4(json, i + 2);
    if (unit < 0 || !Character.isSurrogate((char) unit)) {
      return i + 2; // an ordinary escape; Jackson checks its digits
    }
    if (Character.isHighSurrogate((char) unit)
        && i + 11 < json.length
        && json[i + 6] == '\\'
        && json[i + 7] == 'u') {
      int low = hex4(json, i + 8);
      if (low >= 0 && Character.isLowSurrogate((char) low)) {
        return i + 12;
      }
    }
    throw new IllegalArgumentException(
        "lone surrogate \\u" + Integer.toHexString(unit) + " at byte " + i);
  }

  private static int hex4(byte[] json, int at) {
    if (at + 4 > json.length) {
      return -1;
    }
    int value = 0;
    for (int k = at; k < at + 4; k++) {
      int digit = Character.digit(json[k], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static int skipScalar(byte[] json, int i) {
    while (i < json.length && !isWhitespace(json[i]) && "[]{},\"".indexOf(json[i]) < 0) {
      i++;
    }
    return i;
  }

  private static int skipWhitespace(byte[] json, int i) {
    while (i < json.length && isWhitespace(json[i])) {
      i++;
    }
    return i;
  }

  private static boolean isWhitespace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }
}
