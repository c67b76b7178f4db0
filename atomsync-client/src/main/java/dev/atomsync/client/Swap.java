package dev.atomsync.client;

import static java.util.Objects.requireNonNull;

/**
 * The values of an atom just before and just after one swap or reset.
 *
 * @param oldValue the value that the change replaced
 * @param newValue the value that the change set; identical to what the atom held right after it
 */
public record Swap(DocMap oldValue, DocMap newValue) {
  /** Checks that neither value is null. */
  public Swap {
    requireNonNull(oldValue, "oldValue");
    requireNonNull(newValue, "newValue");
  }
}
