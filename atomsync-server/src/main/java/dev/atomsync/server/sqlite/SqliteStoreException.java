package dev.atomsync.server.sqlite;

import java.nio.file.Path;

/** Reports that SQLite failed or refused an operation of a {@link SqliteStore}; nothing of it took effect. */
public final class SqliteStoreException extends RuntimeException {

  SqliteStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  SqliteStoreException(String message) {
    super(message);
  }

  /** Returns an exception for {@code what} failing on {@code file}, keeping SQLite's reason. */
  static SqliteStoreException failed(String what, Path file, Throwable cause) {
    return new SqliteStoreException(what + " failed on " + file + ": " + cause.getMessage(), cause);
  }
}
