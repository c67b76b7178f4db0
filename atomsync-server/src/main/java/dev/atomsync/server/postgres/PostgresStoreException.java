package dev.atomsync.server.postgres;

/**
 * Reports that PostgreSQL failed or refused an operation of a {@link PostgresStore}; nothing of it
 * took effect, except that a push whose commit failed may have committed, which a retry with the
 * same change ids settles.
 */
public final class PostgresStoreException extends RuntimeException {

  PostgresStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  PostgresStoreException(String message) {
    super(message);
  }

  /** Returns an exception for {@code what} failing on {@code database}, keeping the reason. */
  static PostgresStoreException failed(String what, String database, Throwable cause) {
    return new PostgresStoreException(
        what + " failed on " + database + ": " + cause.getMessage(), cause);
  }
}
