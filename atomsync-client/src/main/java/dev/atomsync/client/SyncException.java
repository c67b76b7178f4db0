package dev.atomsync.client;

import org.jspecify.annotations.Nullable;

/**
 * A sync round failed: the server could not be reached, answered with an error, or sent a body
 * the client cannot read. The outbox is untouched; the sync loop retries by itself.
 */
public final class SyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates an exception for an HTTP error {@code status}, or 0 when no response arrived.
   */
  public SyncException(String message, int status, @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** Returns the HTTP status the server answered with; 0 when no response arrived. */
  public int status() {
    return status;
  }
}
