package dev.atomsync.core;

import dev.atomsync.core.internal.TransitCodec;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes and decodes Transit values, in Transit JSON and Transit MessagePack, without loss of
 * type.
 *
 * <p>Instances are immutable and thread-safe. {@link #standard()} knows the types below; {@link
 * #builder()} adds Java records and enums under tags of their own. Decoding gives back:
 *
 * <table class="striped">
 *   <caption>Java values and what they decode as</caption>
 *   <thead><tr><th>encoded value<th>Transit<th>decodes as</thead>
 *   <tbody>
 *   <tr><td>{@code null}, {@code Boolean}, {@code String}<td>nil, boolean, string<td>the same
 *   <tr><td>{@code Long}, {@code Integer}, {@code Short}, {@code Byte}<td>integer
 *       <td>{@code Long}, or the declared type of the record component it fills
 *   <tr><td>{@code BigInteger}<td>big integer<td>{@code BigInteger}, even when it fits a long
 *   <tr><td>{@code Double}, {@code Float}<td>decimal<td>{@code Double}, NaN and infinities
 *       included
 *   <tr><td>{@code BigDecimal}<td>big decimal<td>{@code BigDecimal} with the same scale
 *   <tr><td>{@link com.cognitect.transit.Keyword}, {@link com.cognitect.transit.Symbol}
 *       <td>keyword, symbol<td>the same
 *   <tr><td>{@code UUID}<td>uuid<td>{@code UUID}
 *   <tr><td>{@code java.util.Date}<td>Transit's instant ({@code m}, milliseconds; JavaScript and
 *       ClojureScript read it as their date)<td>{@code Date}
 *   <tr><td>{@code java.time.Instant}<td>tag {@code time/instant} over its ISO-8601 text
 *       <td>{@code Instant}, nanoseconds included
 *   <tr><td>{@code java.net.URI}, {@link com.cognitect.transit.URI}<td>uri<td>{@code
 *       java.net.URI}
 *   <tr><td>{@code byte[]}<td>bytes (base64)<td>{@code byte[]}
 *   <tr><td>a {@code List} that is {@code RandomAccess}; {@code Object[]} and primitive arrays
 *       other than {@code byte[]}<td>array (a Clojure vector)<td>{@code ArrayList}
 *   <tr><td>any other {@code List}<td>list<td>{@code LinkedList}
 *   <tr><td>{@code Set}<td>set<td>{@code LinkedHashSet}, in the order written
 *   <tr><td>{@code Map} with any keys ({@code null}, keywords, numbers, maps, lists, records...)
 *       <td>map, or cmap for composite keys<td>{@code LinkedHashMap}, in the order written
 *   <tr><td>a registered record or enum<td>its tag<td>the record, the constant
 *   <tr><td>{@link com.cognitect.transit.TaggedValue}<td>its tag<td>{@code TaggedValue}
 *   </tbody>
 * </table>
 *
 * <p>transit-java's own values for characters, ratios and links round-trip too. Decoded collections
 * are mutable and owned by the caller. Because maps and sets keep the order they were written in,
 * encoding a decoded value gives the same bytes again.
 *
 * <p>A tag this codec does not know decodes as a {@code TaggedValue} and encodes back unchanged, so
 * a server can pass on types only its clients understand. A uri that {@code java.net.URI} rejects
 * (other Transit writers are less strict) stays a {@code TaggedValue} with tag {@code r} for the
 * same reason.
 *
 * <p>What cannot be encoded fails with a {@link CodecException} instead of changing on the way:
 *
 * <ul>
 *   <li>a type without a handler (an unregistered record, {@code Optional}, a {@code Queue} or
 *       collection view that is neither list nor set); the message names its class;
 *   <li>text (strings, keyword and symbol names) with a lone surrogate, which UTF-8 cannot carry;
 *   <li>values nested more than {@link #MAX_DEPTH} arrays and maps deep in the encoding, and values
 *       that contain themselves;
 *   <li>big integers and big decimals longer than {@link #MAX_NUMBER_LENGTH} characters.
 * </ul>
 *
 * <p>Kinds that change on the way, as transit-java defines them: {@code Integer}, {@code Short} and
 * {@code Byte} come back as {@code Long} (elements of a record's {@code List<Integer>} included:
 * only the component's own declared type converts); {@code Float} comes back as {@code Double};
 * Java arrays come back as lists. A {@code byte[]} compares by identity, so as a set element or map
 * key it round-trips but cannot be looked up by content.
 *
 * <p>Decoding accepts exactly one value and checks its structure before building anything, so
 * truncated, trailing, oversized or too deeply nested input fails with a {@code CodecException} in
 * time linear in its length, never with another exception and never by exhausting memory or the
 * stack.
 */
public interface Codec {
  /**
   * The deepest nesting of arrays and maps the encoding may have. A map, vector or top-level scalar
   * takes one level; a set, list, record or cmap two. The encoded depth of one value can differ by
   * up to two between the formats (MessagePack writes UUIDs and dates as tagged arrays).
   */
  int MAX_DEPTH = 512;

  /**
   * The most characters a big integer or big decimal may have in its text form; parsing longer ones
   * takes time quadratic in their length.
   */
  int MAX_NUMBER_LENGTH = 1000;

  /** Returns the codec for the built-in types, shared and thread-safe. */
  static Codec standard() {
    return TransitCodec.STANDARD;
  }

  /** Returns a builder that registers records and enums with tags. */
  static CodecBuilder builder() {
    return new CodecBuilder();
  }

  /**
   * Returns {@code value} encoded in {@code format}.
   *
   * @throws CodecException when the value, or anything inside it, cannot be encoded (see above)
   */
  byte[] encode(Object value, WireFormat format);

  /**
   * Writes {@code value} encoded in {@code format} to {@code out}; does not close it. Nothing is
   * written when the value cannot be encoded.
   *
   * @throws CodecException when the value, or anything inside it, cannot be encoded (see above)
   * @throws java.io.UncheckedIOException when writing to {@code out} fails
   */
  void encode(Object value, WireFormat format, OutputStream out);

  /**
   * Returns the value that {@code bytes} encode.
   *
   * @throws CodecException when the bytes are not exactly one valid Transit value in {@code
   *     format}, or name a registered type with a value it cannot be built from
   */
  Object decode(byte[] bytes, WireFormat format);

  /**
   * Reads {@code in} to its end and returns the one value it encodes; does not close it.
   *
   * @throws CodecException as {@link #decode(byte[], WireFormat)}
   * @throws java.io.UncheckedIOException when reading {@code in} fails
   */
  Object decode(InputStream in, WireFormat format);
}
