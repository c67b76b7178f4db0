package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What a local store keeps of one document: its local value, its base on the server, and the
 * remote state a pull brought while the document had outbox entries ({@link LocalStore}, Server
 * state).
 *
 * @param id the document id
 * @param value the local value; null when the document is deleted locally
 * @param baseValue the value the server had at {@code baseVersion}; null when the server had none
 *     or a tombstone
 * @param baseVersion the last server version the client knows; 0 when the server never had it
 * @param remoteValue the value of the remote state; null when there is none or it is a tombstone
 * @param remoteVersion the version of the remote state, newer than {@code baseVersion}; 0 when
 *     there is none
 */
public record StoredDoc(
    String id,
    byte @Nullable [] value,
    byte @Nullable [] baseValue,
    long baseVersion,
    byte @Nullable [] remoteValue,
    long remoteVersion) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when a version is negative, or there is a remote value
   *     without a remote version
   */
  public StoredDoc {
    requireNonNull(id, "id");
    if (baseVersion < 0) {
      throw new IllegalArgumentException("base version must not be negative: " + baseVersion);
    }
    if (remoteVersion < 0) {
      throw new IllegalArgumentException("remote version must not be negative: " + remoteVersion);
    }
    if (remoteVersion == 0 && remoteValue != null) {
      throw new IllegalArgumentException("a remote value needs a remote version: " + id);
    }
  }

  /** Creates a document without remote state. */
  public StoredDoc(
      String id, byte @Nullable [] value, byte @Nullable [] baseValue, long baseVersion) {
    this(id, value, baseValue, baseVersion, null, 0);
  }

  /** Returns whether a remote state is kept aside. */
  public boolean hasRemote() {
    return remoteVersion > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredDoc that
        && id.equals(that.id)
        && Arrays.equals(value, that.value)
        && Arrays.equals(baseValue, that.baseValue)
        && baseVersion == that.baseVersion
        && Arrays.equals(remoteValue, that.remoteValue)
        && remoteVersion == that.remoteVersion;
  }

  @Override
  public int hashCode() {
    int hash = (id.hashCode() * 31 + Arrays.hashCode(value)) * 31 + Arrays.hashCode(baseValue);
    hash = (hash * 31 + Long.hashCode(baseVersion)) * 31 + Arrays.hashCode(remoteValue);
    return hash * 31 + Long.hashCode(remoteVersion);
  }

  @Override
  public String toString() {
    return "StoredDoc[" + id + ", value=" + describe(value) + ", base=" + baseVersion + "/"
        + describe(baseValue)
        + (hasRemote() ? ", remote=" + remoteVersion + "/" + describe(remoteValue) : "") + "]";
  }

  static String describe(byte @Nullable [] bytes) {
    return bytes == null ? "none" : bytes.length + " bytes";
  }
}
