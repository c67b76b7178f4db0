package dev.atomsync.client.spi;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How the sync loop settles a conflict on one document, as {@link LocalStore#settle} applies it.
 */
public sealed interface Resolution {

  /** Returns the resolution that takes the server's document and drops every local edit of it. */
  static Resolution takeServer() {
    return TakeServer.INSTANCE;
  }

  /** Returns the resolution that pushes the document's current local value on the server's version. */
  static Resolution keepLocal() {
    return KeepLocal.INSTANCE;
  }

  /** Returns the resolution that sets the local value to {@code value} (null deletes) and pushes it. */
  static Resolution push(byte @Nullable [] value) {
    return new Push(value);
  }

  /** Takes the server's document; the local edits of it are dropped. */
  record TakeServer() implements Resolution {
    static final TakeServer INSTANCE = new TakeServer();
  }

  /** Keeps the local value and pushes it again on the server's version (last writer wins). */
  record KeepLocal() implements Resolution {
    static final KeepLocal INSTANCE = new KeepLocal();
  }

  /**
   * Replaces the local value with {@code value} and pushes it on the server's version.
   *
   * @param value the encoded value; null deletes the document
   */
  record Push(byte @Nullable [] value) implements Resolution {
    @Override
    public boolean equals(Object o) {
      return o instanceof Push that && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Push[" + StoredDoc.describe(value) + "]";
    }
  }
}
