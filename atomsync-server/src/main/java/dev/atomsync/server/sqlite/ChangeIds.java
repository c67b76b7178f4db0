package dev.atomsync.server.sqlite;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Change ids as the store keeps them: 16 bytes, most significant first. */
final class ChangeIds {
  private ChangeIds() {}

  /** Returns the 16 bytes of {@code change}. */
  static byte[] bytes(UUID change) {
    return ByteBuffer.allocate(16)
        .putLong(change.getMostSignificantBits())
        .putLong(change.getLeastSignificantBits())
        .array();
  }

  /** Returns the change id whose bytes are {@code bytes}. */
  static UUID uuid(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
