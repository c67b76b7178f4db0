package dev.atomsync.server.postgres;

import dev.atomsync.server.postgres.Announcer.Announcement;
import dev.atomsync.server.spi.SharedStore.PushListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the store's channel over a connection of its own, on a thread of its own, and hands
 * the other nodes' announcements to the listeners.
 *
 * <p>The connection is outside the pool because it is held for as long as the store is open. An
 * idle connection is checked with a query every {@link #PING_EVERY}, so a server that went away
 * without a word is noticed. When the connection breaks, the feed reconnects with a growing
 * pause, and then reports each group written since the last announcement it heard (its own
 * included), since the announcements sent meanwhile are lost.
 */
final class CommitFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommitFeed.class);
  private static final int POLL_MILLIS = 250;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);
  private static final Duration LISTEN_WAIT = Duration.ofSeconds(10);
  private static final Duration PING_EVERY = Duration.ofSeconds(30);
  private static final String WRITTEN_SINCE =
      "SELECT grp, max(seq) FROM atomsync_docs WHERE seq > ? GROUP BY grp";

  /** Opens a connection outside the pool. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final Connector connector;
  private final Announcer announcer;
  private final String database;
  private final List<PushListener> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> listening = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closed;
  private long lastHeard = -1; // the highest cursor announced, -1 before the first LISTEN

  CommitFeed(Connector connector, Announcer announcer, String database) {
    this.connector = connector;
    this.announcer = announcer;
    this.database = database;
    this.thread = Thread.ofPlatform().name("atomsync-postgres-listen").daemon(true).unstarted(this::run);
  }

  /**
   * Starts listening and waits until the first LISTEN took effect, so that every push committed
   * after this returns is heard; if that takes too long, it goes on trying in the background.
   */
  void start() {
    thread.start();
    try {
      listening.get(LISTEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.warn("not yet listening for other nodes' pushes on {}; still trying", database);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds {@code listener}; returns the action that removes it. */
  Runnable add(PushListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Stops listening and waits for the thread to end. */
  @Override
  public void close() {
    closed = true;
    if (thread.getState() == Thread.State.NEW) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Duration pause = FIRST_PAUSE;
    while (!closed) {
      try (Connection connection = connector.connect()) {
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN \"" + announcer.channel().replace("\"", "\"\"") + "\"");
        }
        if (lastHeard < 0) {
          lastHeard = lastSeq(connection);
          listening.complete(null);
        } else {
          log.info("listening again for other nodes' pushes on {}", database);
          catchUp(connection);
        }
        pause = FIRST_PAUSE;
        receive(connection);
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        log.warn("listening for other nodes' pushes on {} failed; retrying in {} ms: {}",
            database, pause.toMillis(), e.getMessage());
        if (!sleep(pause)) {
          return;
        }
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
            ? LONGEST_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  private void receive(Connection connection) throws SQLException {
    PGConnection listener = connection.unwrap(PGConnection.class);
    long lastActivity = System.nanoTime();
    while (!closed) {
      PGNotification[] notifications = listener.getNotifications(POLL_MILLIS);
      if (notifications == null || notifications.length == 0) {
        if (System.nanoTime() - lastActivity > PING_EVERY.toNanos()) {
          ping(connection);
          lastActivity = System.nanoTime();
        }
        continue;
      }
      lastActivity = System.nanoTime();
      for (PGNotification notification : notifications) {
        Announcement push = Announcer.parse(notification.getParameter());
        if (push == null) {
          log.warn("ignoring a notification on {} that is not an AtomSync push: {}",
              announcer.channel(), notification.getParameter());
          continue;
        }
        lastHeard = Math.max(lastHeard, push.cursor());
        if (!push.node().equals(announcer.node())) {
          deliver(push.group(), push.cursor());
        }
      }
    }
  }

  /** Reports each group written after the last cursor heard, once per group at its newest. */
  private void catchUp(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(WRITTEN_SINCE)) {
      query.setLong(1, lastHeard);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long cursor = rows.getLong(2);
          lastHeard = Math.max(lastHeard, cursor);
          deliver(rows.getString(1), cursor);
        }
      }
    }
  }

  private static long lastSeq(Connection connection) throws SQLException {
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT last_seq FROM atomsync_state")) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static void ping(Connection connection) throws SQLException {
    try (Statement ping = connection.createStatement()) {
      ping.execute("SELECT 1");
    }
  }

  private void deliver(String group, long cursor) {
    for (PushListener listener : listeners) {
      try {
        listener.pushed(group, cursor);
      } catch (RuntimeException e) {
        log.warn("a listener for other nodes' pushes failed", e);
      }
    }
  }

  private static boolean sleep(Duration pause) {
    try {
      Thread.sleep(pause);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
