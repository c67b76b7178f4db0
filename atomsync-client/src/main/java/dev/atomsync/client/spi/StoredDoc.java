package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a local store keeps of one document: its local value and its base on the server.
 *
 * @param id the document id
 * @param value the local value; null when the document is deleted locally
 * @param baseValue the value the server had at {@code baseVersion}; null when the server had none
 *     or a tombstone
 * @param baseVersion the last server version the client knows; 0 when the server never had it
 */
public record StoredDoc(
    String id, byte @Nullable [] value, byte @Nullable [] baseValue, long baseVersion) {
  /** Checks the fields. */
  public StoredDoc {
    requireNonNull(id, "id");
    if (baseVersion < 0) {
      throw new IllegalArgumentException("base version must not be negative: " + baseVersion);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredDoc that
        && id.equals(that.id)
        && Arrays.equals(value, that.value)
        && Arrays.equals(baseValue, that.baseValue)
        && baseVersion == that.baseVersion;
  }

  @Override
  public int hashCode() {
    return ((id.hashCode() * 31 + Arrays.hashCode(value)) * 31 + Arrays.hashCode(baseValue)) * 31
        + Long.hashCode(baseVersion);
  }

  @Override
  public String toString() {
    return "StoredDoc[" + id + ", value=" + describe(value) + ", base=" + baseVersion + "/"
        + describe(baseValue) + "]";
  }

  static String describe(byte @Nullable [] bytes) {
    return bytes == null ? "none" : bytes.length + " bytes";
  }
}
