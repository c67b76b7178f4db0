package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A document's state on the server, as a pull or a conflict reported it.
 *
 * @param id the document id
 * @param value the encoded value; null for a tombstone, or when the server has no such document
 * @param version the server's version; 0 when the server has no such document
 */
public record RemoteDoc(String id, byte @Nullable [] value, long version) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when {@code version} is negative, or 0 with a value
   */
  public RemoteDoc {
    requireNonNull(id, "id");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    if (version == 0 && value != null) {
      throw new IllegalArgumentException("a document at version 0 has no value: " + id);
    }
  }

  /** Returns the state of a document the server does not have (a conflict's {@code :doc nil}). */
  public static RemoteDoc absent(String id) {
    return new RemoteDoc(id, null, 0);
  }

  /** Returns whether the server holds no value: a tombstone, or no document at all. */
  public boolean isDeleted() {
    return value == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteDoc that
        && id.equals(that.id)
        && Arrays.equals(value, that.value)
        && version == that.version;
  }

  @Override
  public int hashCode() {
    return (id.hashCode() * 31 + Arrays.hashCode(value)) * 31 + Long.hashCode(version);
  }

  @Override
  public String toString() {
    return "RemoteDoc[" + id + " v" + version + ", value=" + StoredDoc.describe(value) + "]";
  }
}
