package dev.atomsync.core;

import dev.atomsync.core.internal.TransitCodec;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes and decodes Transit values without loss of type.
 *
 * <p>Instances are immutable and thread-safe. {@link #standard()} knows the built-in Transit types
 * plus {@link java.time.Instant}, {@link java.net.URI} and byte arrays; {@link #builder()} adds
 * Java records and enums under tags of their own. Values with tags this codec does not know decode
 * as {@link com.cognitect.transit.TaggedValue} and encode back unchanged, so a server can pass
 * through types only its clients understand.
 */
public interface Codec {

  /** Returns the codec for the built-in types, shared and thread-safe. */
  static Codec standard() {
    return TransitCodec.STANDARD;
  }

  /** Returns a builder that registers records and enums with tags. */
  static CodecBuilder builder() {
    return new CodecBuilder();
  }

  /** Returns {@code value} encoded in {@code format}. */
  byte[] encode(Object value, WireFormat format);

  /** Writes {@code value} encoded in {@code format} to {@code out}; does not close it. */
  void encode(Object value, WireFormat format, OutputStream out);

  /**
   * Returns the value that {@code bytes} encode.
   *
   * @throws CodecException when the bytes are not valid Transit in {@code format}
   */
  Object decode(byte[] bytes, WireFormat format);

  /**
   * Reads one value from {@code in}; does not close it.
   *
   * @throws CodecException when the stream is not valid Transit in {@code format}
   */
  Object decode(InputStream in, WireFormat format);
}
