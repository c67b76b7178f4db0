package dev.atomsync.server.internal.wire;

import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The tokens of Transit MessagePack, from msgpack-core's unpacker. Arrays and maps announce their
 * sizes; this source counts their items down and reports an end token when a count runs out. An
 * array or map may not announce more items than bytes are left, nor a string more bytes than the
 * whole body has, so a few bytes cannot make it allocate or wait for gigabytes.
 */
final class MsgpackTokens implements TokenSource {
  private final MessageUnpacker unpacker;
  private final int length;

  /** Items still to come in each open container; a map counts keys and values. */
  private int[] left = new int[16];

  private boolean[] isMap = new boolean[16];
  private int depth;
  private boolean rootRead;
  private String text;
  private long longValue;
  private double doubleValue;
  private long at;

  MsgpackTokens(byte[] bytes) {
    this.unpacker =
        new MessagePack.UnpackerConfig()
            .withStringSizeLimit(Math.max(1, bytes.length))
            .newUnpacker(bytes);
    this.length = bytes.length;
  }

  @Override
  public int next() {
    if (depth > 0 && left[depth] == 0) {
      return isMap[depth--] ? END_MAP : END_ARRAY;
    }
    try {
      if (depth == 0 && rootRead) {
        if (unpacker.hasNext()) {
          at = unpacker.getTotalReadBytes();
          throw malformed("unexpected data after the value");
        }
        return EOF;
      }
      at = unpacker.getTotalReadBytes();
      if (!unpacker.hasNext()) {
        throw malformed(rootRead || depth > 0 ? "truncated" : "no value (the input is empty)");
      }
      if (depth == 0) {
        rootRead = true;
      } else {
        left[depth]--;
      }
      return read(unpacker.getNextFormat());
    } catch (IOException | RuntimeException e) {
      if (e instanceof CodecException codec) {
        throw codec;
      }
      throw new CodecException(prefix() + reason(e) + " (at byte " + at + ")", e);
    }
  }

  private int read(MessageFormat format) throws IOException {
    switch (format.getValueType()) {
      case NIL -> {
        unpacker.unpackNil();
        return NULL;
      }
      case BOOLEAN -> {
        return unpacker.unpackBoolean() ? TRUE : FALSE;
      }
      case INTEGER -> {
        longValue = unpacker.unpackLong();
        return INTEGER;
      }
      case FLOAT -> {
        doubleValue = unpacker.unpackDouble();
        return FLOAT;
      }
      case STRING -> {
        // The unpacker refuses a string longer than the body before it allocates anything.
        text = unpacker.unpackString();
        return STRING;
      }
      case ARRAY -> {
        return open(unpacker.unpackArrayHeader(), false);
      }
      case MAP -> {
        return open(2L * unpacker.unpackMapHeader(), true);
      }
      default ->
          throw malformed(
              "MessagePack " + format.getValueType().name().toLowerCase() + " is not Transit");
    }
  }

  private int open(long items, boolean map) {
    if (depth + 1 > WireLimits.MAX_DEPTH) {
      throw malformed("nesting deeper than " + WireLimits.MAX_DEPTH + " levels");
    }
    requireBytes(items);
    if (++depth == left.length) {
      left = Arrays.copyOf(left, depth * 2);
      isMap = Arrays.copyOf(isMap, depth * 2);
    }
    left[depth] = (int) items;
    isMap[depth] = map;
    return map ? START_MAP : START_ARRAY;
  }

  /** Fails when fewer than {@code count} bytes are left; every item takes at least one. */
  private void requireBytes(long count) {
    long remaining = length - unpacker.getTotalReadBytes();
    if (count < 0 || count > remaining) {
      throw malformed(
          "a header announces "
              + count
              + " items or bytes but only "
              + remaining
              + " bytes follow");
    }
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public long longValue() {
    return longValue;
  }

  @Override
  public String bigText() {
    throw new IllegalStateException("MessagePack has no big integer token");
  }

  @Override
  public double doubleValue() {
    return doubleValue;
  }

  @Override
  public int depth() {
    return depth;
  }

  @Override
  public boolean mapsAsArrays() {
    return false;
  }

  @Override
  public CodecException malformed(String rule) {
    return new CodecException(prefix() + rule + " (at byte " + at + ")");
  }

  private static String prefix() {
    return "malformed " + WireFormat.MSGPACK.mediaType() + ": ";
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    try {
      unpacker.close();
    } catch (IOException e) {
      // An unpacker over a byte array has nothing to release that could fail.
    }
  }
}
