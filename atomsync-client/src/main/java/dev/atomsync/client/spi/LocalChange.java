package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A document whose local value a store changed on the server's account (a pull, a late
 * acknowledgement, a settled conflict), for the atom to show.
 *
 * @param id the document id
 * @param value the new local value; null when the document is gone locally
 */
public record LocalChange(String id, byte @Nullable [] value) {
  /** Checks that the id is not null. */
  public LocalChange {
    requireNonNull(id, "id");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalChange that && id.equals(that.id) && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "LocalChange[" + id + (value == null ? " gone" : ", " + value.length + " bytes") + "]";
  }
}
