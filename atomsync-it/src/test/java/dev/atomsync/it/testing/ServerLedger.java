package dev.atomsync.it.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a stopped server's store says it applied: each document's version and the change ids of
 * every write to it (the last on the document row, earlier ones in {@code superseded}), read
 * directly from the SQLite file or the PostgreSQL tables, independently of the server's code.
 */
public final class ServerLedger {
  /** One applied change: its id in hex and the version it gave the document. */
  public record Applied(String change, long version) {}

  private final Map<String, Long> versions;
  private final Map<String, List<Applied>> applied;

  private ServerLedger(Map<String, Long> versions, Map<String, List<Applied>> applied) {
    this.versions = versions;
    this.applied = applied;
  }

  /** Reads the ledger of {@code group} from {@code db}; the server must be stopped. */
  public static ServerLedger read(Path db, String group) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      return read(connection, group, "docs", "superseded", "hex(change)");
    } catch (SQLException e) {
      throw new AssertionError("cannot read the server's file " + db, e);
    }
  }

  /**
   * Reads the ledger of {@code group} from the PostgreSQL store's tables at {@code jdbcUrl}; the
   * nodes on it should be stopped.
   */
  public static ServerLedger readPostgres(String jdbcUrl, String group) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
      return read(connection, group, "atomsync_docs", "atomsync_superseded", "change::text");
    } catch (SQLException e) {
      throw new AssertionError("cannot read the server's tables at " + jdbcUrl, e);
    }
  }

  private static ServerLedger read(
      Connection connection, String group, String docsTable, String supersededTable, String change)
      throws SQLException {
    Map<String, Long> versions = new TreeMap<>();
    Map<String, List<Applied>> applied = new TreeMap<>();
    try (PreparedStatement docs = connection.prepareStatement(
        "SELECT id, version, " + change + " FROM " + docsTable + " WHERE grp = ?")) {
      docs.setString(1, group);
      try (ResultSet rows = docs.executeQuery()) {
        while (rows.next()) {
          versions.put(rows.getString(1), rows.getLong(2));
          applied.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
              .add(new Applied(rows.getString(3), rows.getLong(2)));
        }
      }
    }
    try (PreparedStatement superseded = connection.prepareStatement(
        "SELECT id, version, " + change + " FROM " + supersededTable
            + " WHERE id LIKE ? ESCAPE '\\'")) {
      superseded.setString(1, group.replace("_", "\\_") + ":%");
      try (ResultSet rows = superseded.executeQuery()) {
        while (rows.next()) {
          applied.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
              .add(new Applied(rows.getString(3), rows.getLong(2)));
        }
      }
    }
    return new ServerLedger(versions, applied);
  }

  /** Returns each document's version by id. */
  public Map<String, Long> versions() {
    return versions;
  }

  /** Returns the changes applied to document {@code id}. */
  public List<Applied> applied(String id) {
    return applied.getOrDefault(id, List.of());
  }

  /**
   * Asserts that every change id was applied once and that each document's changes gave it the
   * versions 1 to its version, each once: no write applied twice, none skipped.
   */
  public void assertEveryChangeOnce(String what) {
    Set<String> changes = new HashSet<>();
    Map<String, List<Long>> byDoc = new LinkedHashMap<>();
    applied.forEach((id, list) -> {
      for (Applied change : list) {
        assertThat(change.change()).as("%s: %s v%d has a change id", what, id, change.version())
            .isNotEmpty();
        assertThat(changes.add(id + " " + change.change()))
            .as("%s: change %s applied once", what, change.change()).isTrue();
        byDoc.computeIfAbsent(id, k -> new ArrayList<>()).add(change.version());
      }
    });
    versions.forEach((id, version) -> {
      List<Long> expected = new ArrayList<>();
      for (long v = 1; v <= version; v++) {
        expected.add(v);
      }
      assertThat(byDoc.get(id)).as("%s: versions of the changes applied to %s", what, id)
          .containsExactlyInAnyOrderElementsOf(expected);
    });
  }
}
