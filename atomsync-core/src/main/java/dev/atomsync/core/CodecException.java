package dev.atomsync.core;

/** Thrown when bytes are not valid Transit, or a value has no Transit representation. */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Returns an exception with {@code message}, caused by {@code cause}. */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Returns an exception with {@code message}. */
  public CodecException(String message) {
    super(message);
  }
}
