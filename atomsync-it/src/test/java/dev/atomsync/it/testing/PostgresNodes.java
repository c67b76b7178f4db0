package dev.atomsync.it.testing;

import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.postgres.PostgresStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server nodes on 127.0.0.1 and free ports that share one PostgreSQL database, as a scaled-out
 * deployment runs them. The database is a fresh schema of one embedded PostgreSQL per test JVM,
 * started on first use and stopped when the JVM exits.
 */
public final class PostgresNodes implements AutoCloseable {
  private static final AtomicInteger schemas = new AtomicInteger();
  private static EmbeddedPostgres postgres; // guarded by PostgresNodes.class

  private final String url;
  private final List<AtomSyncServer> nodes = new ArrayList<>();

  private PostgresNodes(String url, int count) {
    this.url = url;
    try {
      for (int i = 0; i < count; i++) {
        nodes.add(AtomSyncServer.start(
            PostgresStore.open(url, InstantSource.system()),
            ServerOptions.builder().host("127.0.0.1").port(0).build()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts {@code count} open-mode nodes on a new, empty database. */
  public static PostgresNodes start(int count) {
    return new PostgresNodes(newDatabase(), count);
  }

  /** Returns node {@code index} (from 0). */
  public AtomSyncServer node(int index) {
    return nodes.get(index);
  }

  /** Returns how many nodes were started. */
  public int count() {
    return nodes.size();
  }

  /** Returns the JDBC URL of the nodes' database, user included. */
  public String jdbcUrl() {
    return url;
  }

  /** Stops every node. */
  @Override
  public void close() {
    nodes.forEach(AtomSyncServer::close);
    nodes.clear();
  }

  private static String newDatabase() {
    String schema = "it_" + schemas.incrementAndGet();
    EmbeddedPostgres server = server();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test schema " + schema, e);
    }
    return server.getJdbcUrl("postgres", "postgres").replace("localhost", "127.0.0.1")
        + "&currentSchema=" + schema;
  }

  private static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
    return postgres;
  }
}
