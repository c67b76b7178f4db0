package dev.atomsync.core.internal;

import org.msgpack.core.MessagePack;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;

/**
 * Gives msgpack-core a byte array in the chunks its {@code InputStream} input would read it in,
 * without copying.
 *
 * <p>Why chunks and not the whole array at once: msgpack-core decodes a string that straddles two
 * chunks another way, and for malformed UTF-8 the result differs (it fails instead of putting in
 * U+FFFD). transit-java reads from an {@code InputStream}; these are the same 8 KiB chunks, so
 * every input decodes, or fails, exactly as it did there.
 */
final class ChunkedInput implements MessageBufferInput {
  private static final int CHUNK = MessagePack.DEFAULT_UNPACKER_CONFIG.getBufferSize();

  private final byte[] bytes;
  private int offset;

  ChunkedInput(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public MessageBuffer next() {
    if (offset >= bytes.length) {
      return null;
    }
    int length = Math.min(CHUNK, bytes.length - offset);
    MessageBuffer chunk = MessageBuffer.wrap(bytes, offset, length);
    offset += length;
    return chunk;
  }

  @Override
  public void close() {}
}
