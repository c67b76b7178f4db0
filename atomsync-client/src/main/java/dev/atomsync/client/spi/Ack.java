package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * The server's acknowledgement ({@code :ok}) of one pushed change.
 *
 * @param id the document the change was pushed for
 * @param change the change id of the in-flight entry
 * @param version the document's version on the server after the change
 */
public record Ack(String id, UUID change, long version) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when {@code version} is not positive
   */
  public Ack {
    requireNonNull(id, "id");
    requireNonNull(change, "change");
    if (version < 1) {
      throw new IllegalArgumentException("acknowledged version must be positive: " + version);
    }
  }
}
