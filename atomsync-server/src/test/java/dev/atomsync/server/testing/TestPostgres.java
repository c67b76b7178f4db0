package dev.atomsync.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL per test JVM, started on first use on 127.0.0.1 and a free port, and a
 * fresh, empty schema in it for each test that asks. The server stops when the JVM exits.
 *
 * <p>A schema costs a few milliseconds where a database costs a hundred or more; stores in
 * different schemas share nothing, not even their write lock or notification channel. The server
 * runs without fsync: tests need PostgreSQL's semantics, not its durability.
 */
public final class TestPostgres {
  private static final AtomicInteger schemas = new AtomicInteger();
  private static EmbeddedPostgres server; // guarded by TestPostgres.class

  private TestPostgres() {}

  /** Creates a new, empty schema and returns the JDBC URL whose connections work in it. */
  public static String newDatabase() {
    String schema = "test_" + schemas.incrementAndGet();
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test schema " + schema, e);
    }
    return jdbcUrl() + "&currentSchema=" + schema;
  }

  /** Returns the JDBC URL of the server's {@code postgres} database, as its superuser. */
  public static String jdbcUrl() {
    return server().getJdbcUrl("postgres", "postgres").replace("localhost", "127.0.0.1");
  }

  /** Returns the running server, starting it first if this is the first call. */
  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder()
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "300")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
    return server;
  }
}
