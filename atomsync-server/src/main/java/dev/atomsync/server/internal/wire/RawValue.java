package dev.atomsync.server.internal.wire;

import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import dev.atomsync.core.internal.JsonOut;
import dev.atomsync.core.internal.SpliceCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One document value as the server keeps it: Transit JSON that stands on its own, without decoding
 * it into Java objects.
 *
 * <p>The bytes are the value written as it appears in place inside a message, with no cache
 * references, so they can be stored as they are and spliced into any response: a string is {@code
 * "hello"}, a keyword {@code "~:a"}, a map {@code ["^ ","~:text","x"]} (a top-level scalar is not
 * wrapped in Transit's quote). The form is the one transit-java's JSON writer gives, less its cache
 * and quotes: maps as arrays, integers beyond 2^53 as {@code "~i..."}, UUIDs and instants that
 * MessagePack sends as tagged arrays as {@code "~u..."} and {@code "~m..."}, strings escaped as
 * Jackson escapes them. So a value pushed by transit-java and the codec's own encoding of it, read
 * with {@link #fromStorage}, have the same bytes.
 *
 * <p>Immutable and thread-safe; equal when the bytes are equal.
 */
public final class RawValue {
  private final byte[] json;
  private int hash;

  /** Takes {@code json}, canonical and owned by the new value from now on. */
  RawValue(byte[] json) {
    this.json = json;
  }

  /**
   * Returns {@code value} (nil included) encoded by {@code codec}.
   *
   * @throws CodecException when {@code codec} cannot encode the value
   */
  public static RawValue of(Object value, Codec codec) {
    Objects.requireNonNull(codec, "codec");
    return parse(codec.encode(value, WireFormat.JSON), WireFormat.JSON);
  }

  /**
   * Returns the value a whole Transit document encodes, as any Transit writer writes it (cache
   * references, quotes and verbose maps included); this is how values stored as transit-java's
   * output are brought to the stored form of this class.
   *
   * @throws CodecException when the bytes are not exactly one valid Transit value in {@code
   *     format}, or one {@code Codec.standard()} could not decode
   */
  public static RawValue parse(byte[] document, WireFormat format) {
    JsonOut out = new JsonOut(Math.max(16, document.length));
    try (TokenSource source =
        format == WireFormat.JSON ? new JsonTokens(document) : new MsgpackTokens(document)) {
      Cursor cursor = new Cursor(source, document.length);
      cursor.next();
      new Canonicalizer(cursor, out).copy(WireLimits.MAX_DEPTH);
      cursor.next(); // EOF, or the source complains about what follows
    } catch (RuntimeException | StackOverflowError e) {
      throw e instanceof CodecException codec
          ? codec
          : new CodecException("malformed " + format.mediaType() + ": " + e, e);
    }
    return new RawValue(out.copy(0));
  }

  /**
   * Returns the value whose stored bytes are {@code json}: what {@link #toStorage()} returned, or
   * what {@code Codec.encode(value, WireFormat.JSON)} returned (how values were stored before),
   * which is brought to the form of this class on the way. The bytes are copied.
   *
   * <p>Stored bytes are trusted: a value read back from storage was checked when it was made. Only
   * the two marks of transit-java's output that cannot be spliced into a message, cache references
   * and a quoted top-level value, are looked for, in one pass over the bytes.
   *
   * @throws IllegalArgumentException when {@code json} is empty
   * @throws CodecException when {@code json} has one of those marks but is not Transit
   */
  public static RawValue fromStorage(byte[] json) {
    if (json.length == 0) {
      throw new IllegalArgumentException("a stored value cannot be empty");
    }
    return SpliceCheck.isSpliceable(json) ? new RawValue(json.clone()) : parse(json, WireFormat.JSON);
  }

  /**
   * As {@link #fromStorage}, but keeps {@code json} itself rather than a copy when it is already
   * in this form: for bytes a store has just read, which nothing else holds. Saves copying every
   * value of a pull once more.
   *
   * @throws IllegalArgumentException when {@code json} is empty
   * @throws CodecException as {@link #fromStorage}
   */
  public static RawValue adoptStored(byte[] json) {
    if (json.length == 0) {
      throw new IllegalArgumentException("a stored value cannot be empty");
    }
    return SpliceCheck.isSpliceable(json) ? new RawValue(json) : parse(json, WireFormat.JSON);
  }

  /** Returns a copy of the bytes to store: Transit JSON in UTF-8. */
  public byte[] toStorage() {
    return json.clone();
  }

  /** Returns the number of bytes of the value. */
  public int length() {
    return json.length;
  }

  /** Writes the value's bytes to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(json);
  }

  /**
   * Returns the value decoded by {@code codec}.
   *
   * @throws CodecException when {@code codec} cannot build a value it holds (a registered tag over
   *     a rep its type cannot be made from)
   */
  public Object decode(Codec codec) {
    return codec.decode(json, WireFormat.JSON);
  }

  /** Returns the bytes themselves, which callers in this package only read. */
  byte[] bytes() {
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawValue raw && Arrays.equals(json, raw.json);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(json);
      hash = h;
    }
    return h;
  }

  /** Returns the value's JSON text, cut short after 200 characters. */
  @Override
  public String toString() {
    String text = new String(json, StandardCharsets.UTF_8);
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
