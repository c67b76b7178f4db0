package dev.atomsync.core;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The two Transit encodings AtomSync speaks on the wire. */
public enum WireFormat {
  /** Transit JSON, the default. */
  JSON("application/transit+json"),

  /** Transit MessagePack. */
  MSGPACK("application/transit+msgpack");

  private final String mediaType;

  WireFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** Returns the media type, for example {@code application/transit+json}. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * Returns the format a {@code Content-Type} header names, ignoring parameters such as {@code
   * charset}, or null when it names neither Transit type.
   */
  public static @Nullable WireFormat ofContentType(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    for (WireFormat format : values()) {
      if (format.mediaType.equals(bare)) {
        return format;
      }
    }
    return null;
  }

  /**
   * Returns the format an {@code Accept} header asks for: MessagePack when it names MessagePack
   * before JSON, JSON otherwise (also when the header is absent or names neither).
   */
  public static WireFormat ofAccept(@Nullable String accept) {
    if (accept == null) {
      return JSON;
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    int msgpack = lower.indexOf(MSGPACK.mediaType);
    int json = lower.indexOf(JSON.mediaType);
    return msgpack >= 0 && (json < 0 || msgpack < json) ? MSGPACK : JSON;
  }
}
