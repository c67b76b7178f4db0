package dev.atomsync.server;

import java.util.Set;

/**
 * A user the server knows, with the groups it may read (pull, live events) and write (push).
 * Writable groups are also readable.
 */
public record User(String name, Set<String> readable, Set<String> writable) {
  /** The user of open development mode, who may use every group. */
  public static final User ANONYMOUS = new User("anonymous", Set.of(), Set.of());

  public User {
    readable = Set.copyOf(readable);
    writable = Set.copyOf(writable);
  }

  /** Returns whether this user may pull from and listen to {@code group}. */
  public boolean mayRead(String group) {
    return this == ANONYMOUS || readable.contains(group);
  }

  /** Returns whether this user may push to {@code group}. */
  public boolean mayWrite(String group) {
    return this == ANONYMOUS || writable.contains(group);
  }
}
