package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.spi.Ack;
import dev.atomsync.client.spi.LocalChange;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.PullPosition;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.client.spi.StoredDoc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final Map<String, PullPosition> positions = new HashMap<>();
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
    for (StoredDoc doc : groupDocs(group).values()) {
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
      if (write.isDelete()) {
        if (doc == null) {
          continue;
        }
        if (doc.baseVersion() == 0 && !doc.hasRemote() && !outbox.inFlight(id)) {
          docs.remove(id);
          outbox.removePending(id);
          continue;
        }
      }
      docs.put(id, doc == null
          ? new StoredDoc(id, write.value(), null, 0)
          : new StoredDoc(id, write.value(), doc.baseValue(), doc.baseVersion(),
              doc.remoteValue(), doc.remoteVersion()));
      OutboxEntry pending = outbox.pending(id);
      if (pending != null) {
        outbox.replacePending(InMemoryOutbox.entry(
            pending.seq(), id, write.value(), pending.base(), pending.change(), false));
      } else {
        outbox.addPending(id, write.value(), doc == null ? 0 : doc.baseVersion(), changeIds.get());
      }
    }
  }

  @Override
  public synchronized int pendingCount(String group) {
    ensureOpen();
    return (int) outbox.entries(group).stream().map(OutboxEntry::id).distinct().count();
  }

  @Override
  public synchronized List<OutboxEntry> outbox(String group) {
    ensureOpen();
    return outbox.entries(group);
  }

  @Override
  public synchronized List<OutboxEntry> takeForPush(String group, int limit) {
    checkLimit(limit);
    ensureOpen();
    return outbox.takeForPush(group, limit, true);
  }

  @Override
  public synchronized List<OutboxEntry> takeMoreForPush(String group, int limit) {
    checkLimit(limit);
    ensureOpen();
    return outbox.takeForPush(group, limit, false);
  }

  static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }

  @Override
  public synchronized List<LocalChange> acknowledge(String group, List<Ack> acks) {
    ensureOpen();
    List<LocalChange> changes = new ArrayList<>();
    for (Ack ack : acks) {
      OutboxEntry sent = outbox.inFlightWithChange(ack.change());
      if (sent == null || !sent.id().equals(ack.id())) {
        continue;
      }
      String id = sent.id();
      outbox.removeInFlight(sent);
      OutboxEntry pending = outbox.pending(id);
      if (pending != null) {
        outbox.replacePending(InMemoryOutbox.entry(
            pending.seq(), id, pending.value(), ack.version(), pending.change(), false));
      }
      StoredDoc doc = docs.get(id);
      byte[] local = doc == null ? null : doc.value();
      if (doc != null && doc.remoteVersion() > ack.version()) {
        if (pending == null) {
          docs.put(id,
              new StoredDoc(id, doc.remoteValue(), doc.remoteValue(), doc.remoteVersion()));
          addIfChanged(changes, id, local, doc.remoteValue());
        } else {
          docs.put(id, new StoredDoc(id, local, sent.value(), ack.version(), doc.remoteValue(),
              doc.remoteVersion()));
        }
      } else {
        docs.put(id, new StoredDoc(id, local, sent.value(), ack.version()));
      }
    }
    return changes;
  }

  @Override
  public synchronized PullPosition position(String group) {
    ensureOpen();
    return positions.getOrDefault(group, PullPosition.START);
  }

  @Override
  public synchronized List<LocalChange> applyPull(
      String group, List<RemoteDoc> pulled, PullPosition next, boolean reset) {
    pulled.forEach(doc -> requireNonNull(doc, "pulled document"));
    requireNonNull(next, "next");
    ensureOpen();
    List<LocalChange> changes = new ArrayList<>();
    for (RemoteDoc remote : pulled) {
      applyPulled(remote, changes);
    }
    if (reset) {
      Set<String> live = new HashSet<>();
      pulled.forEach(doc -> live.add(doc.id()));
      for (StoredDoc doc : List.copyOf(groupDocs(group).values())) {
        if (!live.contains(doc.id()) && !outbox.hasEntries(doc.id())) {
          docs.remove(doc.id());
          addIfChanged(changes, doc.id(), doc.value(), null);
        }
      }
    }
    positions.put(group, next);
    return changes;
  }

  private void applyPulled(RemoteDoc remote, List<LocalChange> changes) {
    String id = remote.id();
    StoredDoc doc = docs.get(id);
    if (outbox.hasEntries(id)) {
      if (remote.version() > Math.max(doc.baseVersion(), doc.remoteVersion())) {
        docs.put(id, new StoredDoc(id, doc.value(), doc.baseValue(), doc.baseVersion(),
            remote.value(), remote.version()));
      }
      return;
    }
    if (remote.version() <= (doc == null ? 0 : doc.baseVersion())) {
      return;
    }
    docs.put(id, new StoredDoc(id, remote.value(), remote.value(), remote.version()));
    addIfChanged(changes, id, doc == null ? null : doc.value(), remote.value());
  }

  @Override
  public synchronized List<LocalChange> settle(
      String group, UUID change, RemoteDoc server, Resolution resolution) {
    requireNonNull(change, "change");
    requireNonNull(server, "server");
    requireNonNull(resolution, "resolution");
    ensureOpen();
    OutboxEntry sent = outbox.inFlightWithChange(change);
    if (sent == null) {
      return List.of();
    }
    String id = sent.id();
    Settlement.checkId(server, sent);
    StoredDoc doc = docs.get(id);
    if (doc == null) {
      doc = new StoredDoc(id, null, null, 0);
    }
    Settlement settlement = Settlement.of(doc, server, resolution);
    OutboxEntry pending = outbox.pending(id);
    UUID pushChange = settlement.push() && pending == null ? changeIds.get() : null;
    outbox.removeInFlight(sent);
    if (!settlement.push()) {
      outbox.removePending(id);
    } else if (pending != null) {
      outbox.replacePending(InMemoryOutbox.entry(pending.seq(), id, settlement.local(),
          settlement.baseVersion(), pending.change(), false));
    } else {
      outbox.addPending(id, settlement.local(), settlement.baseVersion(), pushChange);
    }
    if (settlement.dropsRow()) {
      docs.remove(id);
    } else {
      docs.put(id, new StoredDoc(id, settlement.local(), settlement.baseValue(),
          settlement.baseVersion()));
    }
    return settlement.changes(id, doc.value());
  }

  private SortedMap<String, StoredDoc> groupDocs(String group) {
    return docs.subMap(group + ":", group + ";");
  }

  private static void addIfChanged(
      List<LocalChange> changes, String id, byte @Nullable [] before, byte @Nullable [] after) {
    if (!Arrays.equals(before, after)) {
      changes.add(new LocalChange(id, after));
    }
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
