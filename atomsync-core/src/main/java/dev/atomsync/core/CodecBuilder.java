package dev.atomsync.core;

import dev.atomsync.core.internal.TransitCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Registers Java records and enums with Transit tags, then builds an immutable {@link Codec}.
 *
 * <p>A record is written as its tag over a map from component name (as a keyword) to component
 * value, and read back through its canonical constructor. Values are converted to the component's
 * declared type where that loses nothing: an integer to {@code int} only when it fits, a {@code
 * Date} to an {@code Instant} and back; a missing key reads as nil, and keys the record does not
 * have are ignored, so older and newer versions of a record can read each other. An enum is written
 * as its tag over the constant's name. Records need not be public when their package is open to
 * atomsync-core (always so on the class path). Not thread-safe.
 */
public final class CodecBuilder {
  /** Tags Transit or this codec already use; registering one would shadow a built-in type. */
  private static final Set<String> RESERVED_TAGS =
      Set.of("array", "map", "set", "list", "cmap", "ratio", "link", "time/instant");

  private final Map<String, Class<?>> tags = new LinkedHashMap<>();

  CodecBuilder() {}

  /**
   * Registers {@code type} under {@code tag}.
   *
   * @throws IllegalArgumentException when the tag is empty, one character long (Transit reserves
   *     those), one of Transit's own ({@code set}, {@code list}, {@code cmap}...) or {@code
   *     time/instant}, or already taken, or when the type is already registered
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
    Objects.requireNonNull(type, "type");
    if (tag == null || tag.length() < 2) {
      throw new IllegalArgumentException(
          "tag must be at least 2 characters (Transit reserves 1-character tags): " + tag);
    }
    if (RESERVED_TAGS.contains(tag)) {
      throw new IllegalArgumentException("tag is reserved for a built-in Transit type: " + tag);
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

  /**
   * Returns a codec that knows the built-in types plus every registered one.
   *
   * @throws IllegalArgumentException when a registered record is not accessible to atomsync-core
   */
  public Codec build() {
    return new TransitCodec(tags);
  }
}
