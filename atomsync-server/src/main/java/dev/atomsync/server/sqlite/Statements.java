package dev.atomsync.server.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepares each SQL text once per connection and hands out the same statement afterwards.
 *
 * <p>Preparing costs SQLite a parse and a query plan, several times the cost of running the
 * small queries a push makes. Not thread-safe: it belongs to one connection, which one thread
 * uses at a time.
 */
final class Statements implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  Statements(Connection connection) {
    this.connection = connection;
  }

  /** Returns the connection these statements run on. */
  Connection connection() {
    return connection;
  }

  /** Returns the prepared statement for {@code sql}, its parameters cleared. */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      prepared.put(sql, statement);
    } else {
      statement.clearParameters();
    }
    return statement;
  }

  /** Runs {@code sql} once, for statements such as BEGIN that take no parameters. */
  void execute(String sql) throws SQLException {
    get(sql).execute();
  }

  /** Drops batches queued on any statement, so a failed transaction leaves none for the next. */
  void clearBatches() throws SQLException {
    for (PreparedStatement statement : prepared.values()) {
      statement.clearBatch();
    }
  }

  /** Closes every statement and then the connection. */
  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    for (PreparedStatement statement : prepared.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = e;
      }
    }
    prepared.clear();
    connection.close();
    if (failure != null) {
      throw failure;
    }
  }
}
