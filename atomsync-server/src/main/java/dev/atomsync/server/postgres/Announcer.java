package dev.atomsync.server.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Announces a store's pushes to the other nodes with NOTIFY, and reads their announcements.
 *
 * <p>A notification is sent inside the push's transaction, so PostgreSQL delivers it only if the
 * push commits, after it is visible, and in commit order. Its payload is {@code "<node> <cursor>
 * <group>"}: the node lets each store skip its own pushes, which it already published.
 */
final class Announcer {
  private static final int MAX_CHANNEL_BYTES = 63;

  /** A push another node (or this one) announced. */
  record Announcement(String node, long cursor, String group) {}

  private final String node = UUID.randomUUID().toString();
  private final String channel;

  /** Returns an announcer on the channel of the store in {@code schema}. */
  Announcer(String schema) {
    String name = "atomsync:" + schema;
    // Channels are identifiers, so at most 63 bytes; a longer schema name goes by its hash.
    this.channel = name.getBytes(StandardCharsets.UTF_8).length <= MAX_CHANNEL_BYTES
        ? name
        : "atomsync:" + Integer.toHexString(schema.hashCode());
  }

  /** Returns this node's id, as its announcements carry it. */
  String node() {
    return node;
  }

  /** Returns the channel the store's nodes notify and listen on. */
  String channel() {
    return channel;
  }

  /** Queues, in the transaction of {@code connection}, the announcement of a push. */
  void announce(Connection connection, String group, long cursor) throws SQLException {
    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, channel);
      notify.setString(2, node + " " + cursor + " " + group);
      notify.execute();
    }
  }

  /** Returns the announcement {@code payload} holds, null when it is not one. */
  static @Nullable Announcement parse(String payload) {
    String[] parts = payload.split(" ", 3);
    if (parts.length != 3) {
      return null;
    }
    try {
      return new Announcement(parts[0], Long.parseLong(parts[1]), parts[2]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
