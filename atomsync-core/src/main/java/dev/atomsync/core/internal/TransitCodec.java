package dev.atomsync.core.internal;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link Codec} on transit-java, with handler maps built once per codec.
 *
 * <p>Every input is checked by {@link JsonScanner} or {@link MsgpackScanner} before transit-java
 * sees it, and every output after transit-java wrote it, so that a codec never writes what it would
 * refuse to read.
 *
 * <p>Encoding and decoding reuse transit-java's writers and read caches ({@link TransitWriter},
 * {@link TransitReader}) instead of building them per call, which cost more than the encoding of a
 * small value; the bytes and values are the same as {@code TransitFactory.writer} and {@code
 * TransitFactory.reader} give.
 */
public final class TransitCodec implements Codec {
  /** The codec of {@link Codec#standard()}. */
  public static final TransitCodec STANDARD = new TransitCodec(Map.of());

  @SuppressWarnings("rawtypes") // transit-java's API keys handlers by raw Class
  private final Map<Class, WriteHandler<?, ?>> writeHandlers;

  private final Map<String, ReadHandler<?, ?>> readHandlers;

  private final Pool<TransitWriter> jsonWriters;
  private final Pool<TransitWriter> msgpackWriters;
  private final Pool<TransitWriter> spliceableWriters;
  private final Pool<TransitReader> jsonReaders;
  private final Pool<TransitReader> msgpackReaders;

  /**
   * Returns a codec for the built-in types plus {@code registeredTypes}, records and enums by tag.
   *
   * @throws IllegalArgumentException when a type is neither a record nor an enum, or a record
   *     cannot be reached
   */
  @SuppressWarnings("rawtypes")
  public TransitCodec(Map<String, Class<?>> registeredTypes) {
    Map<Class, WriteHandler<?, ?>> writes = new HashMap<>(BuiltinHandlers.WRITE);
    Map<String, ReadHandler<?, ?>> reads = new HashMap<>(BuiltinHandlers.READ);
    registeredTypes.forEach(
        (tag, type) -> {
          if (type.isRecord()) {
            RecordHandler handler = new RecordHandler(type, tag);
            writes.put(type, handler);
            reads.put(tag, handler.readHandler());
          } else if (type.isEnum()) {
            EnumHandler handler = new EnumHandler(type, tag);
            writes.put(type, handler);
            reads.put(tag, handler.readHandler());
          } else {
            throw new IllegalArgumentException("not a record or enum: " + type.getName());
          }
        });
    // Merged with transit-java's defaults once here; each TransitWriter copies the merged map and
    // every read uses it as it is (read-only, so shared safely between threads).
    this.writeHandlers = TransitFactory.writeHandlerMap(writes);
    this.readHandlers = TransitFactory.readHandlerMap(reads);
    this.jsonWriters = new Pool<>(() -> new TransitWriter(WireFormat.JSON, writeHandlers, true));
    this.msgpackWriters =
        new Pool<>(() -> new TransitWriter(WireFormat.MSGPACK, writeHandlers, true));
    this.spliceableWriters =
        new Pool<>(() -> new TransitWriter(WireFormat.JSON, writeHandlers, false));
    this.jsonReaders = new Pool<>(() -> new TransitReader(WireFormat.JSON, readHandlers));
    this.msgpackReaders = new Pool<>(() -> new TransitReader(WireFormat.MSGPACK, readHandlers));
  }

  @Override
  public byte[] encode(Object value, WireFormat format) {
    return encode(value, format, format == WireFormat.JSON ? jsonWriters : msgpackWriters);
  }

  /**
   * Returns {@code value} as Transit JSON that can be copied into another Transit JSON message as
   * it is ({@link SpliceCheck}): written without cache references, and a scalar without the quote
   * around it. This is the form the AtomSync server stores values in, so a value written here and
   * the same value pulled from the server are the same bytes.
   *
   * @throws CodecException as {@link #encode(Object, WireFormat)}
   */
  public byte[] encodeSpliceable(Object value) {
    byte[] bytes = encode(value, WireFormat.JSON, spliceableWriters);
    return SpliceCheck.isQuoted(bytes)
        ? Arrays.copyOfRange(bytes, SpliceCheck.QUOTE_PREFIX_BYTES, bytes.length - 1)
        : bytes;
  }

  /**
   * Returns {@code value} as {@link #encodeSpliceable} writes it when {@code codec} is this class,
   * else as {@code codec} writes Transit JSON.
   *
   * @throws CodecException as {@link #encode(Object, WireFormat)}
   */
  public static byte[] encodeSpliceable(Codec codec, Object value) {
    return codec instanceof TransitCodec transit
        ? transit.encodeSpliceable(value)
        : codec.encode(value, WireFormat.JSON);
  }

  private byte[] encode(Object value, WireFormat format, Pool<TransitWriter> writers) {
    try {
      TransitWriter writer = writers.take();
      byte[] bytes = writer.write(value);
      writers.give(writer); // only after a clean write; a failed one may hold half a value
      checkStructure(bytes, format);
      return bytes;
    } catch (RuntimeException e) {
      String reason =
          overflowed(e) || rootCause(e) instanceof StreamConstraintsException
              ? "it nests deeper than " + MAX_DEPTH + " levels, or contains itself"
              : rootMessage(e);
      throw new CodecException("cannot encode " + describe(value) + ": " + reason, e);
    }
  }

  @Override
  public void encode(Object value, WireFormat format, OutputStream out) {
    byte[] bytes = encode(value, format);
    try {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Object decode(byte[] bytes, WireFormat format) {
    try {
      checkStructure(bytes, format);
      Pool<TransitReader> readers = format == WireFormat.JSON ? jsonReaders : msgpackReaders;
      TransitReader reader = readers.take();
      Object value = reader.read(bytes);
      readers.give(reader);
      return Builders.checked(value);
    } catch (RuntimeException | StackOverflowError e) {
      String reason = overflowed(e) ? "it nests too deeply for the stack" : rootMessage(e);
      throw new CodecException("malformed " + format.mediaType() + ": " + reason, e);
    }
  }

  @Override
  public Object decode(InputStream in, WireFormat format) {
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return decode(bytes, format);
  }

  /**
   * Returns the write handlers merged with transit-java's, as {@code TransitFactory} takes them.
   */
  @SuppressWarnings("rawtypes")
  Map<Class, WriteHandler<?, ?>> writeHandlers() {
    return writeHandlers;
  }

  /** Returns the read handlers merged with transit-java's, as {@code TransitFactory} takes them. */
  Map<String, ReadHandler<?, ?>> readHandlers() {
    return readHandlers;
  }

  private static void checkStructure(byte[] bytes, WireFormat format) {
    switch (format) {
      case JSON -> JsonScanner.check(bytes, MAX_DEPTH);
      case MSGPACK -> MsgpackScanner.check(bytes, MAX_DEPTH);
    }
  }

  private static String describe(Object value) {
    return value == null ? "nil" : "a " + value.getClass().getName();
  }

  private static boolean overflowed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StackOverflowError) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /**
   * Returns the first line of the innermost message of {@code e}, which transit-java wraps once or
   * twice; Jackson puts its source location on a second line.
   */
  static String rootMessage(Throwable e) {
    Throwable root = rootCause(e);
    String message = root.getMessage();
    if (message == null) {
      return root.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
