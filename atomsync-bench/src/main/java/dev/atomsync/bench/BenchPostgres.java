package dev.atomsync.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL on 127.0.0.1 and a free port, started by the harness itself, with a
 * fresh schema for each database a scenario asks for.
 *
 * <p>Commits are durable, as the SQLite server's {@code synchronous=FULL}: the embedded server's
 * default {@code synchronous_commit=off} is turned back on, so each commit waits for its WAL flush.
 */
final class BenchPostgres implements AutoCloseable {
  private final EmbeddedPostgres server;
  private int schemas;

  private BenchPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts the server; its data directory is a temporary one, removed on {@link #close}. */
  static BenchPostgres start() throws IOException {
    return new BenchPostgres(EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on")
        .start());
  }

  /** Creates a new, empty schema and returns the JDBC URL whose connections work in it. */
  synchronized String newDatabase() throws SQLException {
    String schema = "bench_" + ++schemas;
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    return server.getJdbcUrl("postgres", "postgres").replace("localhost", "127.0.0.1")
        + "&currentSchema=" + schema;
  }

  /** Returns the server's version, for the report. */
  String version() throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection()) {
      return connection.getMetaData().getDatabaseProductVersion();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
