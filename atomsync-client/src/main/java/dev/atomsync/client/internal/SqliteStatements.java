package dev.atomsync.client.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, each prepared once on first use. Used under the
 * store's lock only.
 */
final class SqliteStatements {
  private final Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  SqliteStatements(Connection connection) {
    this.connection = connection;
  }

  /** Returns the statement for {@code sql}, with its parameters cleared. */
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

  /** Closes every statement. */
  void close() throws SQLException {
    for (PreparedStatement statement : prepared.values()) {
      statement.close();
    }
    prepared.clear();
  }
}
