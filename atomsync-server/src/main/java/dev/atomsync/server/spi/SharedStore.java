package dev.atomsync.server.spi;

/**
 * A store that several server nodes share, and that tells each node about the pushes the other
 * nodes commit, so every node can pass them on to its live-event clients.
 *
 * <p>A node learns of its own pushes from their results, so a shared store reports only the
 * pushes of other nodes. Thread-safe.
 */
public interface SharedStore extends Store {

  /** Receives the pushes other nodes committed. */
  @FunctionalInterface
  interface PushListener {
    /**
     * Called after another node committed a push that wrote to {@code group}, with the push's
     * cursor. Must return quickly and never block.
     */
    void pushed(String group, long cursor);
  }

  /** Removes a listener; closing twice is harmless. */
  @FunctionalInterface
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Calls {@code listener} for every push another node commits from when this returns until the
   * registration or the store is closed, on a thread of the store's, in commit order. A push
   * committed while the store cannot reach the other nodes' announcements may go unreported;
   * clients still find it on their next pull.
   *
   * @throws IllegalStateException when the store is closed
   */
  Registration onOtherNodesPush(PushListener listener);
}
