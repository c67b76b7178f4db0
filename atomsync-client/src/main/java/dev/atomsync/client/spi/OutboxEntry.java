package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import dev.atomsync.core.Op;
import java.util.Arrays;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One unacknowledged local change of a document, as {@link LocalStore} describes.
 *
 * @param seq orders entries: the order in which their documents first had an unsent change
 * @param id the document id
 * @param op put or delete
 * @param value the encoded value of a put; null for a delete
 * @param base the server version the change applies to (PROTOCOL.md {@code :base})
 * @param change the change id the server deduplicates by
 * @param inFlight whether the entry was handed out by {@link LocalStore#takeForPush} and is frozen
 */
public record OutboxEntry(
    long seq, String id, Op op, byte @Nullable [] value, long base, UUID change, boolean inFlight) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when a put has no value or a delete has one
   */
  public OutboxEntry {
    requireNonNull(id, "id");
    requireNonNull(op, "op");
    requireNonNull(change, "change");
    if ((op == Op.PUT) != (value != null)) {
      throw new IllegalArgumentException(
          "a put needs a value and a delete has none: " + op + " of " + id);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OutboxEntry that
        && seq == that.seq
        && id.equals(that.id)
        && op == that.op
        && Arrays.equals(value, that.value)
        && base == that.base
        && change.equals(that.change)
        && inFlight == that.inFlight;
  }

  @Override
  public int hashCode() {
    return (id.hashCode() * 31 + change.hashCode()) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "OutboxEntry[#" + seq + " " + op + " " + id + " base " + base + " change " + change
        + (inFlight ? " in flight" : " pending") + ", value=" + StoredDoc.describe(value) + "]";
  }
}
