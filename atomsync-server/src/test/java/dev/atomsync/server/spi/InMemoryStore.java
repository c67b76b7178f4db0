package dev.atomsync.server.spi;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.spi.StoredPushResult.Stale;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link Store} in memory, written for clarity rather than speed: the reference that real
 * stores are compared with, and a fake for tests of the layers above. Thread-safe (every method
 * holds the monitor).
 */
public final class InMemoryStore implements Store {
  private final InstantSource clock;
  private final Map<String, StoredDoc> docs = new HashMap<>();
  private final Map<UUID, Recorded> changes = new HashMap<>();
  private final Map<String, Long> horizons = new HashMap<>();
  private long lastSeq;
  private Instant lastUpdated = Instant.EPOCH;
  private boolean closed;

  private record Recorded(Applied outcome, Instant applied) {}

  /** Returns an empty store that takes its time from {@code clock}. */
  public InMemoryStore(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public synchronized StoredPage pull(String group, long since, long clientHorizon, int limit) {
    requireOpen();
    long horizon = horizons.getOrDefault(group, 0L);
    boolean reset = 0 < since && since < horizon && clientHorizon < horizon;
    List<StoredDoc> candidates = docsOf(group).stream()
        .filter(d -> reset ? !d.deleted() : d.seq() > since)
        .toList();
    boolean more = candidates.size() > limit;
    List<StoredDoc> page = more ? candidates.subList(0, limit) : candidates;
    long groupMax = docsOf(group).stream().mapToLong(StoredDoc::seq).max().orElse(0);
    long cursor = more
        ? page.getLast().seq()
        : Math.max(Math.max(reset ? 0 : since, groupMax), horizon);
    return new StoredPage(List.copyOf(page), cursor, more, reset, horizon);
  }

  @Override
  public synchronized StoredPushResult push(
      String group, String author, List<StoredChange> changeList) {
    requireOpen();
    Instant updated = clock.instant().isAfter(lastUpdated) ? clock.instant() : lastUpdated;
    List<Outcome> outcomes = new ArrayList<>();
    long since = Math.max(
        docsOf(group).stream().mapToLong(StoredDoc::seq).max().orElse(0),
        horizons.getOrDefault(group, 0L));
    List<StoredDoc> writtenDocs = new ArrayList<>();
    for (StoredChange change : changeList) {
      Recorded earlier = changes.get(change.change());
      if (earlier != null) {
        Applied first = earlier.outcome();
        outcomes.add(new Applied(change.id(), first.version(), first.seq(), true));
        continue;
      }
      StoredDoc current = docs.get(change.id());
      long version = current == null ? 0 : current.version();
      if (change.base() != version) {
        outcomes.add(new Stale(change.id(), current));
        continue;
      }
      boolean deleted = change.op() == Op.DELETE;
      StoredDoc written = new StoredDoc(
          change.id(), deleted ? null : change.value(), version + 1, deleted, ++lastSeq, updated);
      docs.put(change.id(), written);
      writtenDocs.add(written);
      lastUpdated = updated;
      Applied applied = new Applied(change.id(), written.version(), written.seq(), false);
      changes.put(change.change(), new Recorded(applied, updated));
      outcomes.add(applied);
    }
    return new StoredPushResult(outcomes, lastSeq, since, writtenDocs);
  }

  @Override
  public synchronized PurgeResult purge(Instant olderThan) {
    requireOpen();
    Map<String, Long> purgedUpTo = new LinkedHashMap<>();
    for (StoredDoc doc : docs.values()) {
      if (doc.deleted() && doc.updated().isBefore(olderThan)) {
        purgedUpTo.merge(groupOf(doc.id()), doc.seq(), Math::max);
      }
    }
    long tombstones = 0;
    Map<String, Long> raised = new HashMap<>();
    for (Map.Entry<String, Long> group : purgedUpTo.entrySet()) {
      List<String> doomed = docsOf(group.getKey()).stream()
          .filter(d -> d.deleted() && d.seq() <= group.getValue())
          .map(StoredDoc::id)
          .toList();
      doomed.forEach(docs::remove);
      tombstones += doomed.size();
      raised.put(group.getKey(), horizons.merge(group.getKey(), group.getValue(), Math::max));
    }
    int before = changes.size();
    changes.values().removeIf(r -> r.applied().isBefore(olderThan));
    return new PurgeResult(tombstones, before - changes.size(), Map.copyOf(raised));
  }

  @Override
  public synchronized long lastSeq() {
    requireOpen();
    return lastSeq;
  }

  @Override
  public synchronized void checkHealth() {
    requireOpen();
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private List<StoredDoc> docsOf(String group) {
    return docs.values().stream()
        .filter(d -> groupOf(d.id()).equals(group))
        .sorted(Comparator.comparingLong(StoredDoc::seq))
        .toList();
  }

  private static String groupOf(String id) {
    return id.substring(0, id.indexOf(':'));
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }
}
