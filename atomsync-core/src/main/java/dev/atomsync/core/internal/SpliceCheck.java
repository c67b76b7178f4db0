package dev.atomsync.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tells whether a value's Transit JSON, as transit-java writes a whole document, can be copied as
 * it is into another Transit JSON message: it has no cache reference, whose meaning depends on
 * what came before it in its own document, and no quote around a top-level scalar. The message it
 * is copied into must then write no cache references either. Stateless.
 */
public final class SpliceCheck {
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long CARETS = 0x5E5E5E5E5E5E5E5EL;
  private static final long ONE_EACH = 0x0101010101010101L;
  private static final long HIGH_EACH = 0x8080808080808080L;

  /** The length of {@code ["~#'",}, which starts a top-level scalar as transit-java writes it. */
  static final int QUOTE_PREFIX_BYTES = 7;

  private SpliceCheck() {}

  /**
   * Returns whether {@code json} starts as transit-java writes a top-level scalar, {@code
   * ["~#'",...]}.
   */
  static boolean isQuoted(byte[] json) {
    return json.length > QUOTE_PREFIX_BYTES
        && startsWithQuoteTag(json)
        && json[QUOTE_PREFIX_BYTES - 1] == ','
        && json[json.length - 1] == ']';
  }

  /** Returns whether {@code json} starts with {@code ["~#'"}, the quote's tag. */
  private static boolean startsWithQuoteTag(byte[] json) {
    return json.length >= 6
        && json[0] == '['
        && json[1] == '"'
        && json[2] == '~'
        && json[3] == '#'
        && json[4] == '\''
        && json[5] == '"';
  }

  /**
   * Returns whether {@code json} has neither a quote at the top nor anything that could be a cache
   * reference: a string starting with {@code ^} other than the map marker. Transit escapes any other
   * string starting with {@code ^} ({@code "~^..."}), so {@code "^} followed by more than a space
   * can only be a reference, or a quote and caret inside a string, which only costs the caller its
   * slower path.
   */
  public static boolean isSpliceable(byte[] json) {
    if (startsWithQuoteTag(json)) {
      return false;
    }
    // Every pulled and pushed value passes here, so look for carets eight bytes at a time: a word
    // with none costs a few arithmetic operations instead of eight comparisons.
    int at = 0;
    for (; at + Long.BYTES <= json.length; at += Long.BYTES) {
      long carets = (long) WORDS.get(json, at) ^ CARETS;
      if (((carets - ONE_EACH) & ~carets & HIGH_EACH) != 0) {
        for (int i = at; i < at + Long.BYTES; i++) {
          if (isReference(json, i)) {
            return false;
          }
        }
      }
    }
    for (; at < json.length; at++) {
      if (isReference(json, at)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether a reference starts at the caret that {@code at} may hold. */
  private static boolean isReference(byte[] json, int at) {
    return json[at] == '^'
        && at > 0
        && json[at - 1] == '"'
        && !(at + 2 < json.length && json[at + 1] == ' ' && json[at + 2] == '"');
  }
}
