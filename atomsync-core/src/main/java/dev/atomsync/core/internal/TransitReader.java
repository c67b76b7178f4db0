package dev.atomsync.core.internal;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.impl.JsonParser;
import com.cognitect.transit.impl.MsgpackParser;
import com.fasterxml.jackson.core.JsonFactory;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * transit-java's reader for one format, built once and reused for value after value; the {@link
 * TransitCodec} keeps a {@link Pool} of them. Not thread-safe, and not reusable after {@link
 * #read(byte[])} threw.
 *
 * <p>Why not {@code TransitFactory.reader} per call: that builds a new {@code JsonFactory} (and
 * with it Jackson's symbol tables), a 1936-slot read cache and, for MessagePack, an unpacker that
 * allocates a 16 KiB decoding buffer, for every value. Here one {@code JsonFactory} serves all
 * reads, and the read cache and unpacker are kept. The parsers see the same input as before (JSON
 * through an {@code InputStream}, MessagePack in the same chunks, see {@link ChunkedInput}), so
 * they return the same values and fail on the same inputs.
 */
final class TransitReader {
  /**
   * Shared, as Jackson intends; it keeps a symbol table of JSON field names (Transit JSON has none
   * but in verbose or foreign input) from one read to the next. Turning that off is no option:
   * Jackson then switches to its char-based parser, which reads malformed UTF-8 differently.
   */
  private static final JsonFactory JSON = new JsonFactory();

  private final WireFormat format;
  private final Map<String, ReadHandler<?, ?>> handlers;
  private final ReusableReadCache cache = new ReusableReadCache();
  private final @Nullable MessageUnpacker unpacker; // MessagePack only; reset to each input

  /**
   * Returns a reader of {@code format} with {@code handlers}, a map made by {@code
   * TransitFactory.readHandlerMap}.
   */
  TransitReader(WireFormat format, Map<String, ReadHandler<?, ?>> handlers) {
    this.format = format;
    this.handlers = handlers;
    this.unpacker =
        format == WireFormat.MSGPACK ? MessagePack.newDefaultUnpacker(new byte[0]) : null;
  }

  /**
   * Returns the one value at the start of {@code bytes}.
   *
   * @throws RuntimeException around whatever transit-java or a handler threw, as transit-java's own
   *     reader wraps it (a stack overflow included); this reader is then unusable
   */
  Object read(byte[] bytes) {
    try {
      return switch (format) {
        case JSON -> readJson(bytes);
        case MSGPACK -> {
          unpacker.reset(new ChunkedInput(bytes));
          yield new MsgpackParser(
                  unpacker, handlers, Builders.UNKNOWN_TAG, Builders.MAP, Builders.ARRAY)
              .parse(cache.begin());
        }
      };
    } catch (Throwable e) {
      throw new RuntimeException(e);
    }
  }

  private Object readJson(byte[] bytes) throws IOException {
    // Closed so that Jackson takes its buffers back for the next read on this thread.
    try (com.fasterxml.jackson.core.JsonParser jackson =
        JSON.createParser(new ByteArrayInputStream(bytes))) {
      return new JsonParser(jackson, handlers, Builders.UNKNOWN_TAG, Builders.MAP, Builders.ARRAY)
          .parse(cache.begin());
    }
  }
}
