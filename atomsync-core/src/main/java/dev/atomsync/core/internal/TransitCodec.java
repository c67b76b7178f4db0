package dev.atomsync.core.internal;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.Reader;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import com.cognitect.transit.Writer;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/** The {@link Codec} on transit-java, with handler maps built once per codec. */
public final class TransitCodec implements Codec {
  public static final TransitCodec STANDARD = new TransitCodec(Map.of());

  private final Map<Class, WriteHandler<?, ?>> writeHandlers;
  private final Map<String, ReadHandler<?, ?>> readHandlers;

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
    // transit-java caches handler lookups inside these wrapper maps; build them once.
    this.writeHandlers = TransitFactory.writeHandlerMap(writes);
    this.readHandlers = TransitFactory.readHandlerMap(reads);
  }

  @Override
  public byte[] encode(Object value, WireFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    encode(value, format, out);
    return out.toByteArray();
  }

  @Override
  public void encode(Object value, WireFormat format, OutputStream out) {
    try {
      Writer<Object> writer = TransitFactory.writer(transitFormat(format), out, writeHandlers);
      writer.write(value);
    } catch (RuntimeException e) {
      throw new CodecException("cannot encode " + describe(value) + ": " + rootMessage(e), e);
    }
  }

  @Override
  public Object decode(byte[] bytes, WireFormat format) {
    return decode(new ByteArrayInputStream(bytes), format);
  }

  @Override
  public Object decode(InputStream in, WireFormat format) {
    try {
      Reader reader = TransitFactory.reader(transitFormat(format), in, readHandlers);
      return reader.read();
    } catch (RuntimeException | StackOverflowError e) {
      throw new CodecException("malformed " + format.mediaType() + ": " + rootMessage(e), e);
    }
  }

  private static TransitFactory.Format transitFormat(WireFormat format) {
    return switch (format) {
      case JSON -> TransitFactory.Format.JSON;
      case MSGPACK -> TransitFactory.Format.MSGPACK;
    };
  }

  private static String describe(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
