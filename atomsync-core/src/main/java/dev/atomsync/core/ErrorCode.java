package dev.atomsync.core;

import com.cognitect.transit.Keyword;

/** The {@code :error} keywords of PROTOCOL.md with their HTTP status. */
public enum ErrorCode {
  BAD_REQUEST(400, "bad-request"),
  UNAUTHORIZED(401, "unauthorized"),
  FORBIDDEN(403, "forbidden"),
  /** Not in PROTOCOL.md's table: a path under {@code /sync} that names nothing. */
  NOT_FOUND(404, "not-found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed"),
  TOO_LARGE(413, "too-large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
  INTERNAL(500, "internal");

  private final int status;
  private final Keyword keyword;

  ErrorCode(int status, String name) {
    this.status = status;
    this.keyword = Transit.kw(name);
  }

  /** Returns the HTTP status this error is sent with. */
  public int status() {
    return status;
  }

  /** Returns the keyword sent as {@code :error}. */
  public Keyword keyword() {
    return keyword;
  }

  /** Returns the code whose keyword is {@code keyword}, or {@link #INTERNAL} for an unknown one. */
  public static ErrorCode of(Object keyword) {
    for (ErrorCode code : values()) {
      if (code.keyword.equals(keyword)) {
        return code;
      }
    }
    return INTERNAL;
  }
}
