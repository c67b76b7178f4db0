package dev.atomsync.core;

import dev.atomsync.core.internal.TransitCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers Java records and enums with Transit tags, then builds an immutable {@link Codec}.
 *
 * <p>A record is written as its tag over a map from component name (as a keyword) to component
 * value, and read back through its canonical constructor, converting numbers to the component's
 * declared type. An enum is written as its tag over the constant's name. Not thread-safe.
 */
public final class CodecBuilder {
  private final Map<String, Class<?>> tags = new LinkedHashMap<>();

  CodecBuilder() {}

  /**
   * Registers {@code type} under {@code tag}.
   *
   * @throws IllegalArgumentException when the tag is empty, one character long (Transit reserves
   *     those), or already taken, or when the type is already registered
   */
  public CodecBuilder record(Class<? extends Record> type, String tag) {
    return register(type, tag);
  }

  /**
   * Registers the enum {@code type} under {@code tag}.
   *
   * @throws IllegalArgumentException as {@link #record}
   */
  public CodecBuilder enumType(Class<? extends Enum<?>> type, String tag) {
    return register(type, tag);
  }

  private CodecBuilder register(Class<?> type, String tag) {
    if (tag == null || tag.length() < 2) {
      throw new IllegalArgumentException(
          "tag must be at least 2 characters (Transit reserves 1-character tags): " + tag);
    }
    if (tags.containsKey(tag)) {
      throw new IllegalArgumentException("tag already registered: " + tag);
    }
    if (tags.containsValue(type)) {
      throw new IllegalArgumentException("type already registered: " + type.getName());
    }
    tags.put(tag, type);
    return this;
  }

  /** Returns a codec that knows the built-in types plus every registered one. */
  public Codec build() {
    return new TransitCodec(tags);
  }
}
