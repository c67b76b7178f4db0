package dev.atomsync.core;

/** A request or response that breaks PROTOCOL.md, with the error it is answered with. */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  /** Returns an exception answered with {@code code} and {@code message}. */
  public ProtocolException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  /** Returns the protocol error this is answered with. */
  public ErrorCode code() {
    return code;
  }

  /** Returns a {@link ErrorCode#BAD_REQUEST} with {@code message}. */
  public static ProtocolException badRequest(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }
}
