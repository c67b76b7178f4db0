package dev.atomsync.server.internal;

import dev.atomsync.core.Ids;
import dev.atomsync.core.Op;
import dev.atomsync.server.spi.StoredChange;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The argument checks every {@link dev.atomsync.server.spi.Store} makes before it touches data. */
public final class StoreArguments {
  private StoreArguments() {}

  /**
   * Checks the arguments of a pull.
   *
   * @throws IllegalArgumentException naming the argument and the rule it broke
   */
  public static void requirePull(String group, long since, long clientHorizon, int limit) {
    Ids.requireGroup(group);
    requireArgument(since >= 0, "since must not be negative: " + since);
    requireArgument(clientHorizon >= 0, "client horizon must not be negative: " + clientHorizon);
    requireArgument(limit >= 1, "limit must be at least 1: " + limit);
  }

  /**
   * Checks the arguments of a push: a valid group, an author, and changes to distinct documents
   * of the group with non-negative bases, a value for each put, and a change id each.
   *
   * @throws IllegalArgumentException naming the change and the rule it broke
   * @throws NullPointerException when the author, the list or a change id is missing
   */
  public static void requirePush(String group, String author, List<StoredChange> changes) {
    Ids.requireGroup(group);
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(changes, "changes");
    Set<String> ids = new HashSet<>();
    for (StoredChange change : changes) {
      Ids.requireIdIn(change.id(), group);
      requireArgument(ids.add(change.id()),
          "a push names each document once, but " + change.id() + " appears twice");
      requireArgument(change.base() >= 0,
          "base of " + change.id() + " must not be negative: " + change.base());
      requireArgument(change.op() != Op.PUT || change.value() != null,
          "a put of " + change.id() + " needs a value");
      Objects.requireNonNull(change.change(), "change id of " + change.id());
    }
  }

  private static void requireArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
