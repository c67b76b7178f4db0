package dev.atomsync.core.internal;

import com.cognitect.transit.WriteHandler;
import com.cognitect.transit.impl.AbstractEmitter;
import com.cognitect.transit.impl.JsonEmitter;
import com.cognitect.transit.impl.MsgpackEmitter;
import com.cognitect.transit.impl.WriteCache;
import com.cognitect.transit.impl.WriteHandlerMap;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.atomsync.core.WireFormat;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * transit-java's writer for one format, built once and reused for value after value; the {@link
 * TransitCodec} keeps a {@link Pool} of them. Not thread-safe, and not reusable after {@link
 * #write(Object)} threw.
 *
 * <p>Why not {@code TransitFactory.writer} per call: that builds a new {@code JsonFactory}, Jackson
 * generator buffers, a copy of the handler map (whose lookups of subclasses such as {@code
 * ArrayList} or {@code LinkedHashMap} it caches, so a new copy finds them again through every
 * interface) and a 1936-entry write cache, for every value. This class wires the same public
 * transit-java 1.1.403 pieces ({@link JsonEmitter}, {@link MsgpackEmitter}, {@link WriteCache},
 * {@link WriteHandlerMap}) the way {@code WriterFactory} does, once, so the bytes are the same:
 *
 * <ul>
 *   <li>the Jackson generator writes no separator between root values, so the second value starts
 *       with the same byte as the first did on a new generator;
 *   <li>the write cache starts empty for each value, as transit-java's own writer clears it, and
 *       hands out the same codes ({@link ReusableWriteCache} only makes clearing cheap);
 *   <li>the emitters no longer flush after every element they write (transit-java flushes the
 *       generator into the stream each time); the whole value is flushed once at the end instead.
 * </ul>
 */
final class TransitWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private final OutputBuffer out = new OutputBuffer();
  private final WriteCache cache;
  private final AbstractEmitter emitter;
  private final Flushable flusher;

  /**
   * Returns a writer in {@code format} with {@code handlers}, a map made by {@code
   * TransitFactory.writeHandlerMap}, rejecting what no handler covers; with {@code cached} false
   * it writes no cache references (transit-java's disabled cache).
   */
  @SuppressWarnings("rawtypes") // transit-java's API keys handlers by raw Class
  TransitWriter(WireFormat format, Map<Class, WriteHandler<?, ?>> handlers, boolean cached) {
    this.cache = cached ? new ReusableWriteCache() : new WriteCache(false);
    // A copy per writer, as transit-java makes one: lookups of subclasses are cached in it.
    WriteHandlerMap ownHandlers = new WriteHandlerMap(handlers);
    switch (format) {
      case JSON -> {
        JsonGenerator generator = jsonGenerator(out);
        this.emitter =
            new JsonEmitter(generator, ownHandlers, UnsupportedTypeHandler.INSTANCE) {
              @Override
              public void flushWriter() {}
            };
        this.flusher = generator;
      }
      case MSGPACK -> {
        MessagePacker packer = MessagePack.newDefaultPacker(out);
        this.emitter =
            new MsgpackEmitter(packer, ownHandlers, UnsupportedTypeHandler.INSTANCE) {
              @Override
              public void flushWriter() {}
            };
        this.flusher = packer;
      }
      default -> throw new AssertionError(format);
    }
  }

  private static JsonGenerator jsonGenerator(OutputBuffer out) {
    try {
      JsonGenerator generator = JSON.createGenerator(out);
      generator.setRootValueSeparator(null);
      return generator;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // never: nothing is written yet
    }
  }

  /**
   * Returns {@code value} encoded.
   *
   * @throws RuntimeException around whatever transit-java or a handler threw, as transit-java's own
   *     writer wraps it (a stack overflow included); this writer is then unusable
   */
  byte[] write(Object value) {
    try {
      emitter.emit(value, false, cache.init());
      flusher.flush();
    } catch (Throwable e) {
      throw new RuntimeException(e);
    }
    byte[] bytes = out.toByteArray();
    out.reset();
    return bytes;
  }
}
