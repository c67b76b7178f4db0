package dev.atomsync.client.internal;

import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.core.Ids;
import dev.atomsync.core.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outbox entries of an {@link InMemoryLocalStore}, by seq and by document. Not thread-safe:
 * used under the store's lock.
 */
final class InMemoryOutbox {
  private final TreeMap<Long, OutboxEntry> entries = new TreeMap<>();
  private final Map<String, Long> pendingSeqs = new HashMap<>();
  private final Map<String, Long> inFlightSeqs = new HashMap<>();
  private long lastSeq;

  /** Returns the entries of {@code group} in seq order. */
  List<OutboxEntry> entries(String group) {
    return entries.values().stream().filter(entry -> Ids.belongsTo(entry.id(), group)).toList();
  }

  /**
   * Marks pending entries in flight, as {@code LocalStore.takeForPush} (with {@code retries}) or
   * {@code takeMoreForPush} (without), and returns the batch.
   */
  List<OutboxEntry> takeForPush(String group, int limit, boolean retries) {
    List<OutboxEntry> batch = new ArrayList<>();
    for (OutboxEntry entry : entries(group)) {
      if (batch.size() == limit) {
        break;
      }
      if (entry.inFlight()) {
        if (retries) {
          batch.add(entry);
        }
      } else if (inFlight(entry.id())) {
        break;
      } else {
        batch.add(markInFlight(entry));
      }
    }
    return batch;
  }

  /** Returns the pending entry of document {@code id}; null when none. */
  @Nullable OutboxEntry pending(String id) {
    Long seq = pendingSeqs.get(id);
    return seq == null ? null : entries.get(seq);
  }

  /** Returns whether document {@code id} has an entry in flight. */
  boolean inFlight(String id) {
    return inFlightSeqs.containsKey(id);
  }

  /** Returns whether document {@code id} has an entry, pending or in flight. */
  boolean hasEntries(String id) {
    return pendingSeqs.containsKey(id) || inFlightSeqs.containsKey(id);
  }

  /** Returns the in-flight entry with change id {@code change}; null when none. */
  @Nullable OutboxEntry inFlightWithChange(UUID change) {
    for (Long seq : inFlightSeqs.values()) {
      OutboxEntry entry = entries.get(seq);
      if (entry.change().equals(change)) {
        return entry;
      }
    }
    return null;
  }

  /** Adds a pending entry for document {@code id} at the next seq; it has none yet. */
  void addPending(String id, byte @Nullable [] value, long base, UUID change) {
    long seq = ++lastSeq;
    entries.put(seq, entry(seq, id, value, base, change, false));
    pendingSeqs.put(id, seq);
  }

  /** Replaces the pending entry with the same seq by {@code pending}. */
  void replacePending(OutboxEntry pending) {
    entries.put(pending.seq(), pending);
  }

  /** Removes the pending entry of document {@code id}, if any. */
  void removePending(String id) {
    Long seq = pendingSeqs.remove(id);
    if (seq != null) {
      entries.remove(seq);
    }
  }

  /** Removes the in-flight entry {@code sent}. */
  void removeInFlight(OutboxEntry sent) {
    entries.remove(sent.seq());
    inFlightSeqs.remove(sent.id());
  }

  private OutboxEntry markInFlight(OutboxEntry pending) {
    OutboxEntry sent = entry(pending.seq(), pending.id(), pending.value(), pending.base(),
        pending.change(), true);
    entries.put(sent.seq(), sent);
    pendingSeqs.remove(sent.id());
    inFlightSeqs.put(sent.id(), sent.seq());
    return sent;
  }

  /** Returns an entry whose op follows from {@code value}: a put with one, a delete without. */
  static OutboxEntry entry(long seq, String id, byte @Nullable [] value, long base, UUID change,
      boolean inFlight) {
    return new OutboxEntry(seq, id, value == null ? Op.DELETE : Op.PUT, value, base, change,
        inFlight);
  }
}
