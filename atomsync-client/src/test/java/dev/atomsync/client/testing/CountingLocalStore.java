package dev.atomsync.client.testing;

import dev.atomsync.client.spi.Ack;
import dev.atomsync.client.spi.LocalChange;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.PullPosition;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.client.spi.LocalStoreException;
import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.StoredDoc;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LocalStore} that forwards to another and records the ids of every write; {@link
 * #failWrites} turns it hostile: every write then fails as a full disk would.
 */
public final class CountingLocalStore implements LocalStore {
  private final LocalStore delegate;
  private final List<List<String>> writes = new CopyOnWriteArrayList<>();
  private volatile boolean failWrites;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  public CountingLocalStore(LocalStore delegate) {
    this.delegate = delegate;
  }

  /** Returns the ids of each write call so far, one list per call (one per committed change). */
  public List<List<String>> writes() {
    return List.copyOf(writes);
  }

  /** Forgets the writes recorded so far. */
  public void clear() {
    writes.clear();
  }

  /**
   * Makes every later write wait inside the store until {@link #releaseWrites}, as a slow disk
   * would; a write decides whether it fails ({@link #failWrites}) before it waits.
   */
  public void holdWrites() {
    gate = new CountDownLatch(1);
  }

  /** Lets held and later writes through. */
  public void releaseWrites() {
    gate.countDown();
  }

  /** Makes every later write fail (or succeed again). */
  public void failWrites(boolean fail) {
    failWrites = fail;
  }

  @Override
  public void write(String group, List<LocalWrite> batch) {
    boolean fail = failWrites;
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStoreException("interrupted while held", e);
    }
    if (fail) {
      throw new LocalStoreException("cannot write: disk full (simulated)");
    }
    delegate.write(group, batch);
    writes.add(batch.stream().map(LocalWrite::id).toList());
  }

  @Override
  public UUID clientId() {
    return delegate.clientId();
  }

  @Override
  public SortedMap<String, byte[]> load(String group) {
    return delegate.load(group);
  }

  @Override
  public @Nullable StoredDoc document(String id) {
    return delegate.document(id);
  }

  @Override
  public int pendingCount(String group) {
    return delegate.pendingCount(group);
  }

  @Override
  public List<OutboxEntry> outbox(String group) {
    return delegate.outbox(group);
  }

  @Override
  public List<OutboxEntry> takeForPush(String group, int limit) {
    return delegate.takeForPush(group, limit);
  }

  @Override
  public List<OutboxEntry> takeMoreForPush(String group, int limit) {
    return delegate.takeMoreForPush(group, limit);
  }

  @Override
  public List<LocalChange> acknowledge(String group, List<Ack> acks) {
    return delegate.acknowledge(group, acks);
  }

  @Override
  public PullPosition position(String group) {
    return delegate.position(group);
  }

  @Override
  public List<LocalChange> applyPull(
      String group, List<RemoteDoc> docs, PullPosition next, boolean reset) {
    return delegate.applyPull(group, docs, next, reset);
  }

  @Override
  public List<LocalChange> settle(
      String group, UUID change, RemoteDoc server, Resolution resolution) {
    return delegate.settle(group, change, server, resolution);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
