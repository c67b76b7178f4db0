package dev.atomsync.server.spi;

import java.time.Instant;
import java.util.List;

/**
 * Where a server keeps documents: the contract every store (SQLite, PostgreSQL) fulfils.
 *
 * <p>Values are opaque bytes to a store. Implementations are thread-safe. Every method either
 * completes its whole effect or none of it, and returns only after its transaction committed.
 */
public interface Store extends AutoCloseable {

  /**
   * Returns up to {@code limit} documents of {@code group} changed after {@code since}, in seq
   * order, read from one consistent snapshot.
   *
   * <p>When {@code 0 < since < H} and {@code clientHorizon < H}, where H is the group's purge
   * horizon, the page is a reset instead: the group's live (not deleted) documents from the
   * beginning, marked {@link StoredPage#reset()}. When the page is the last ({@code more} false),
   * its cursor is the highest seq the group has reached (including purged seqs), so that a
   * finished pass never lands below the horizon.
   */
  StoredPage pull(String group, long since, long clientHorizon, int limit);

  /**
   * Hands the page {@link #pull(String, long, long, int)} returns to {@code sink} while reading
   * it: each document, then the end. When the pull fails, the sink may have received some
   * documents but never the end. The default reads the whole page first; a store that can hand
   * documents over as it reads them overrides this.
   */
  default void pull(String group, long since, long clientHorizon, int limit, PageSink sink) {
    StoredPage page = pull(group, since, clientHorizon, limit);
    for (StoredDoc doc : page.docs()) {
      sink.doc(doc);
    }
    sink.end(page.cursor(), page.more(), page.reset(), page.horizon());
  }

  /**
   * Applies the changes of one push to {@code group} in one transaction.
   *
   * <p>A change whose change id was applied before to the same document repeats that first
   * outcome (change ids are scoped to their document; clients make them random UUIDs). A change whose
   * {@code base} equals the document's version (0 for a document the store never saw) is
   * applied: version + 1, a new seq from a counter shared by all groups, the store's clock as
   * updated time. Any other change is stale and reports the current document (null if none).
   * The ids of {@code changes} are distinct and all belong to {@code group}; callers check that.
   *
   * @param author who made the changes (user name, or client id in open mode), kept for audit
   */
  StoredPushResult push(String group, String author, List<StoredChange> changes);

  /**
   * Hard-deletes tombstones updated before {@code olderThan}, and change ids recorded before it,
   * then raises each affected group's horizon to the highest seq it purged.
   */
  PurgeResult purge(Instant olderThan);

  /** Returns the highest seq assigned so far (0 for an empty store). */
  long lastSeq();

  /** Returns normally when the store answers a trivial query; throws otherwise. */
  void checkHealth();

  /** Releases the store's connections; waits for a transaction in progress. */
  @Override
  void close();
}
