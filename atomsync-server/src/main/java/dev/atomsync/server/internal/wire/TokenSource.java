package dev.atomsync.server.internal.wire;

import dev.atomsync.core.CodecException;

/**
 * The tokens of one Transit document, JSON or MessagePack alike: what the readers above walk
 * without caring which encoding they came from. MessagePack's counted arrays and maps get end
 * tokens here, so that both encodings nest the same way.
 *
 * <p>Every source refuses nesting deeper than {@link WireLimits#MAX_DEPTH}, so the recursive
 * readers above it never overflow the stack.
 */
interface TokenSource extends AutoCloseable {
  int EOF = 0;
  int START_ARRAY = 1;
  int END_ARRAY = 2;
  int START_MAP = 3;
  int END_MAP = 4;
  int STRING = 5;
  int INTEGER = 6;
  int BIG_INTEGER = 7;
  int FLOAT = 8;
  int TRUE = 9;
  int FALSE = 10;
  int NULL = 11;

  /**
   * Advances to the next token and returns its kind; {@link #EOF} once the one top-level value has
   * ended and nothing follows it.
   *
   * @throws CodecException when the input is malformed, truncated, nests too deeply or has bytes
   *     after the value
   */
  int next();

  /** Returns the text of the current {@link #STRING}, as it was written (not yet resolved). */
  String text();

  /** Returns the value of the current {@link #INTEGER}. */
  long longValue();

  /** Returns the digits of the current {@link #BIG_INTEGER}, an integer too large for a long. */
  String bigText();

  /** Returns the value of the current {@link #FLOAT}. */
  double doubleValue();

  /** Returns how many arrays and maps are open at the current token. */
  int depth();

  /**
   * Returns whether an array whose first item is {@code "^ "} is a map (Transit JSON) rather than a
   * list starting with that string (Transit MessagePack writes real maps).
   */
  boolean mapsAsArrays();

  /** Returns an exception saying that the input breaks {@code rule} at the current position. */
  CodecException malformed(String rule);

  @Override
  void close();
}
