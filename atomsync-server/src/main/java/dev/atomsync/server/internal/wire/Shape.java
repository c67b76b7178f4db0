package dev.atomsync.server.internal.wire;

/**
 * What a value decodes to, as far as a tag's rules need to know: enough to check the common tagged
 * values without building them. {@link #UNKNOWN} means that only decoding can tell.
 */
final class Shape {
  static final int NIL = 0;
  static final int BOOLEAN = 1;

  /** A {@code Long}. */
  static final int INTEGER = 2;

  /** A {@code Double}, {@code BigInteger} or {@code BigDecimal}. */
  static final int NUMBER = 3;

  /** A {@code String}. */
  static final int STRING = 4;

  /** Another scalar: a keyword, symbol, UUID, date, URI, byte array... */
  static final int SCALAR = 5;

  /** A {@code List}: a vector, or a list. */
  static final int ARRAY = 6;

  /** A map. */
  static final int MAP = 7;

  /** The value of a tag over a container, or anything else decoding alone can tell. */
  static final int UNKNOWN = 8;

  /** Not a value: the rule says decoding must decide. */
  static final int DECODE = -1;

  private Shape() {}
}
