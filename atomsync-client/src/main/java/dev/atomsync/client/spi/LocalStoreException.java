package dev.atomsync.client.spi;

/** Thrown when a local store cannot be opened or cannot commit; the message names the file. */
public final class LocalStoreException extends RuntimeException {

  /** Creates an exception with {@code message}. */
  public LocalStoreException(String message) {
    super(message);
  }

  /** Creates an exception with {@code message} caused by {@code cause}. */
  public LocalStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
