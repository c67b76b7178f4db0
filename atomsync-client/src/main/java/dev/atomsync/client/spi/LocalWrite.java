package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One document's new local value, as the atom hands it to {@link LocalStore#write}.
 *
 * @param id the document id
 * @param value the encoded value; null deletes the document
 */
public record LocalWrite(String id, byte @Nullable [] value) {
  /** Checks that the id is not null. */
  public LocalWrite {
    requireNonNull(id, "id");
  }

  /** Returns a write that sets {@code id} to {@code value}. */
  public static LocalWrite put(String id, byte[] value) {
    return new LocalWrite(id, requireNonNull(value, "value"));
  }

  /** Returns a write that deletes {@code id}. */
  public static LocalWrite delete(String id) {
    return new LocalWrite(id, null);
  }

  /** Returns whether this write deletes the document. */
  public boolean isDelete() {
    return value == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalWrite that && id.equals(that.id) && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "LocalWrite[" + id + (value == null ? " deleted" : ", " + value.length + " bytes") + "]";
  }
}
