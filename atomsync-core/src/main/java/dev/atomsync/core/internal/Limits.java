package dev.atomsync.core.internal;

import dev.atomsync.core.Codec;

/**
 * The rules a value must follow to be encoded, shared by the write and read handlers (and by the
 * server's wire reader, which checks values it never decodes).
 */
public final class Limits {
  private Limits() {}

  /**
   * Returns {@code text} when it is well-formed UTF-16, so that UTF-8 (and therefore MessagePack
   * and every other Transit reader) can carry it unchanged.
   *
   * @throws IllegalArgumentException naming the index of a lone surrogate
   */
  static String requireWellFormed(String text) {
    int at = loneSurrogate(text);
    if (at >= 0) {
      throw new IllegalArgumentException(
          "text has a lone surrogate \\u"
              + Integer.toHexString(text.charAt(at))
              + " at index "
              + at
              + "; only well-formed Unicode can be encoded");
    }
    return text;
  }

  /** Returns the index of the first lone surrogate in {@code text}, or -1 when it has none. */
  public static int loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Returns {@code text} when a big integer or big decimal written as it stays within {@link
   * Codec#MAX_NUMBER_LENGTH} characters; parsing longer ones takes quadratic time.
   *
   * @throws IllegalArgumentException naming the length and the limit
   */
  static String requireNumberLength(String text, String kind) {
    if (text.length() > Codec.MAX_NUMBER_LENGTH) {
      throw new IllegalArgumentException(
          kind
              + " of "
              + text.length()
              + " characters is longer than the limit of "
              + Codec.MAX_NUMBER_LENGTH);
    }
    return text;
  }
}
