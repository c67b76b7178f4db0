package dev.atomsync.server.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs one {@code IN (...)} query for many keys instead of one query per key.
 *
 * <p>Each query through sqlite-jdbc costs a JNI round trip and a result set; for a push of a
 * thousand changes, per-key lookups cost more than the writes. The list of placeholders is padded
 * to a few fixed sizes (repeating the last key, which an IN list ignores), so the statement cache
 * holds four texts per query, not one per push size.
 */
final class Lookups {
  private static final int[] SIZES = {1, 16, 128, 512};

  /** Reads one row of a lookup. */
  @FunctionalInterface
  interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /** Binds one key to the parameters from {@code index} on (one per column of the key). */
  @FunctionalInterface
  interface KeyBinder<K> {
    void bind(PreparedStatement statement, int index, K key) throws SQLException;
  }

  private Lookups() {}

  /**
   * Runs {@code selectPrefix + " IN (?, ...)"} for all {@code keys}, in chunks, and hands each
   * result row to {@code reader}.
   */
  static <K> void forEach(
      WriteTx tx, String selectPrefix, List<K> keys, KeyBinder<K> binder, RowReader reader)
      throws SQLException {
    forEach(tx, selectPrefix, 1, keys, binder, reader);
  }

  /**
   * Runs {@code selectPrefix + " IN (VALUES (?, ?), ...)"} for keys of {@code columns} columns
   * (a row-value IN when more than one), in chunks, and hands each result row to {@code reader}.
   */
  static <K> void forEach(
      WriteTx tx,
      String selectPrefix,
      int columns,
      List<K> keys,
      KeyBinder<K> binder,
      RowReader reader)
      throws SQLException {
    int max = SIZES[SIZES.length - 1];
    for (int from = 0; from < keys.size(); from += max) {
      List<K> chunk = keys.subList(from, Math.min(keys.size(), from + max));
      int size = paddedSize(chunk.size());
      PreparedStatement statement =
          tx.statement(selectPrefix + " IN (" + placeholders(size, columns) + ")");
      for (int i = 0; i < size; i++) {
        binder.bind(statement, i * columns + 1, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    }
  }

  private static int paddedSize(int n) {
    for (int size : SIZES) {
      if (n <= size) {
        return size;
      }
    }
    throw new IllegalArgumentException("chunk larger than " + SIZES[SIZES.length - 1] + ": " + n);
  }

  private static String placeholders(int n, int columns) {
    if (columns == 1) {
      return "?" + ", ?".repeat(n - 1);
    }
    String row = "(?" + ", ?".repeat(columns - 1) + ")";
    return "VALUES " + row + (", " + row).repeat(n - 1);
  }
}
