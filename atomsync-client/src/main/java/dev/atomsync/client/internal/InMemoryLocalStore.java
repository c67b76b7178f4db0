package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.spi.Ack;
import dev.atomsync.client.spi.LocalChange;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.PullPosition;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.StoredDoc;
import dev.atomsync.core.Ids;
import dev.atomsync.core.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LocalStore} in memory, gone on close: for {@code AtomSync.inMemory()} and as the
 * reference the SQLite store is tested against. Thread-safe: every method holds the store's lock.
 */
public final class InMemoryLocalStore implements LocalStore {
  private final UUID clientId;
  private final Supplier<UUID> changeIds;
  private final TreeMap<String, StoredDoc> docs = new TreeMap<>();
  private final TreeMap<Long, OutboxEntry> outbox = new TreeMap<>();
  private final Map<String, Long> pendingSeqs = new HashMap<>();
  private final Map<String, Long> inFlightSeqs = new HashMap<>();
  private long lastSeq;
  private boolean closed;

  /** Creates an empty store with random client and change ids. */
  public InMemoryLocalStore() {
    this(UUID.randomUUID(), UUID::randomUUID);
  }

  /** Creates an empty store that takes its change ids from {@code changeIds}. */
  public InMemoryLocalStore(UUID clientId, Supplier<UUID> changeIds) {
    this.clientId = requireNonNull(clientId, "clientId");
    this.changeIds = requireNonNull(changeIds, "changeIds");
  }

  @Override
  public UUID clientId() {
    return clientId;
  }

  @Override
  public synchronized SortedMap<String, byte[]> load(String group) {
    ensureOpen();
    SortedMap<String, byte[]> values = new TreeMap<>();
    for (StoredDoc doc : docs.subMap(group + ":", group + ";").values()) {
      if (doc.value() != null) {
        values.put(doc.id(), doc.value());
      }
    }
    return values;
  }

  @Override
  public synchronized @Nullable StoredDoc document(String id) {
    ensureOpen();
    return docs.get(id);
  }

  @Override
  public synchronized void write(String group, List<LocalWrite> writes) {
    ensureOpen();
    for (LocalWrite write : writes) {
      String id = write.id();
      StoredDoc doc = docs.get(id);
      Long pending = pendingSeqs.get(id);
      if (write.isDelete()) {
        if (doc == null) {
          continue;
        }
        if (doc.baseVersion() == 0 && !inFlightSeqs.containsKey(id)) {
          docs.remove(id);
          if (pending != null) {
            outbox.remove(pendingSeqs.remove(id));
          }
          continue;
        }
      }
      long base = doc == null ? 0 : doc.baseVersion();
      docs.put(id, new StoredDoc(id, write.value(), doc == null ? null : doc.baseValue(), base));
      Op op = write.isDelete() ? Op.DELETE : Op.PUT;
      if (pending != null) {
        OutboxEntry entry = outbox.get(pending);
        outbox.put(pending, new OutboxEntry(
            pending, id, op, write.value(), entry.base(), entry.change(), false));
      } else {
        long seq = ++lastSeq;
        outbox.put(seq, new OutboxEntry(seq, id, op, write.value(), base, changeIds.get(), false));
        pendingSeqs.put(id, seq);
      }
    }
  }

  @Override
  public synchronized int pendingCount(String group) {
    ensureOpen();
    return (int) outbox.values().stream()
        .filter(entry -> Ids.belongsTo(entry.id(), group))
        .map(OutboxEntry::id)
        .distinct()
        .count();
  }

  @Override
  public synchronized List<OutboxEntry> outbox(String group) {
    ensureOpen();
    return outbox.values().stream().filter(entry -> Ids.belongsTo(entry.id(), group)).toList();
  }

  @Override
  public synchronized List<OutboxEntry> takeForPush(String group, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    ensureOpen();
    List<OutboxEntry> batch = new ArrayList<>();
    for (OutboxEntry entry : outbox(group)) {
      if (batch.size() == limit) {
        break;
      }
      if (entry.inFlight()) {
        batch.add(entry);
      }
    }
    for (OutboxEntry entry : outbox(group)) {
      if (batch.size() == limit) {
        break;
      }
      if (!entry.inFlight() && !inFlightSeqs.containsKey(entry.id())) {
        OutboxEntry sent = new OutboxEntry(entry.seq(), entry.id(), entry.op(), entry.value(),
            entry.base(), entry.change(), true);
        outbox.put(entry.seq(), sent);
        pendingSeqs.remove(entry.id());
        inFlightSeqs.put(entry.id(), entry.seq());
        batch.add(sent);
      }
    }
    batch.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    return batch;
  }

  @Override
  public synchronized List<LocalChange> acknowledge(String group, List<Ack> acks) {
    ensureOpen();
    for (Ack ack : acks) {
      OutboxEntry sent = outbox.values().stream()
          .filter(entry -> entry.inFlight() && entry.change().equals(ack.change()))
          .findFirst()
          .orElse(null);
      if (sent == null) {
        continue;
      }
      outbox.remove(sent.seq());
      inFlightSeqs.remove(sent.id());
      StoredDoc doc = docs.get(sent.id());
      byte[] local = doc == null ? null : doc.value();
      docs.put(sent.id(), new StoredDoc(sent.id(), local, sent.value(), ack.version()));
      Long pending = pendingSeqs.get(sent.id());
      if (pending != null) {
        OutboxEntry entry = outbox.get(pending);
        outbox.put(pending, new OutboxEntry(entry.seq(), entry.id(), entry.op(), entry.value(),
            ack.version(), entry.change(), false));
      }
    }
    return List.of();
  }

  @Override
  public PullPosition position(String group) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public List<LocalChange> applyPull(
      String group, List<RemoteDoc> docs, PullPosition next, boolean reset) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public List<LocalChange> settle(
      String group, UUID change, RemoteDoc server, Resolution resolution) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("local store is closed");
    }
  }

  @Override
  public String toString() {
    return "InMemoryLocalStore";
  }
}
