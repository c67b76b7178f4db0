package dev.atomsync.client.spi;

/**
 * Where a group's pulls stand: the {@code since} of the next pull and the purge horizon last seen
 * (PROTOCOL.md, Pull and Compaction).
 *
 * @param cursor the highest server seq applied; 0 before the first pull
 * @param horizon the {@code :horizon} of the last finished pull pass; 0 before the first
 */
public record PullPosition(long cursor, long horizon) {
  /** The position of a group that was never pulled. */
  public static final PullPosition START = new PullPosition(0, 0);

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when either is negative
   */
  public PullPosition {
    if (cursor < 0 || horizon < 0) {
      throw new IllegalArgumentException(
          "cursor and horizon must not be negative: " + cursor + ", " + horizon);
    }
  }
}
