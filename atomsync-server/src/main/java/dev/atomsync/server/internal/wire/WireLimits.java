package dev.atomsync.server.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.atomsync.core.Codec;

/** Limits and shared objects of the wire fast path. */
final class WireLimits {
  /** The deepest nesting of arrays and maps a message may have, as {@link Codec} allows. */
  static final int MAX_DEPTH = Codec.MAX_DEPTH;

  /**
   * The deepest nesting a document value may have. The deepest place a value is written to is the
   * {@code :doc} of a conflict in a push response, four levels down ({@code {:results [{:doc
   * {:value ...}}]}}), so a deeper value would make a response no client could decode.
   */
  static final int MAX_VALUE_DEPTH = MAX_DEPTH - 4;

  /**
   * The one Jackson factory. transit-java makes a factory per reader, which costs more than parsing
   * a small message; factories are thread-safe, so one serves every request. The depth Jackson
   * allows is above ours so that our own check, with our message, comes first.
   */
  static final JsonFactory JSON =
      JsonFactory.builder()
          // Keys of verbose maps come from clients; interning them would fill the JVM's string
          // table.
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 8).build())
          .build();

  /** Transit's read cache holds 44 * 44 strings, then starts over. */
  static final int CACHE_SIZE = 44 * 44;

  /**
   * JSON numbers beyond this magnitude lose precision in JavaScript; Transit writes them as text.
   */
  static final long JSON_SAFE_INTEGER = (1L << 53) - 1;

  private WireLimits() {}

  /** Returns whether Transit JSON writes {@code value} as a number rather than as text. */
  static boolean isJsonSafe(long value) {
    return value <= JSON_SAFE_INTEGER && value >= -JSON_SAFE_INTEGER;
  }
}
