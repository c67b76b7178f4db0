package dev.atomsync.server;

import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.PushResult;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sync logic of PROTOCOL.md, independent of HTTP: pull, push and live events over a {@link
 * Store}.
 *
 * <p>Values are stored as Transit JSON. The service decodes them with {@link Codec#standard()},
 * which passes tags it does not know through unchanged. Callers check access; the service trusts
 * its arguments to be valid protocol messages. Thread-safe.
 */
public final class SyncService {
  /** The default and the greatest page size of a pull. */
  public static final int DEFAULT_LIMIT = 1000;

  public static final int MAX_LIMIT = 10_000;

  private static final WireFormat STORED = WireFormat.JSON;

  private final Store store;
  private final Codec codec = Codec.standard();
  private final LiveEvents events = new LiveEvents();

  public SyncService(Store store) {
    this.store = store;
  }

  /** Returns the store this service works on. */
  public Store store() {
    return store;
  }

  /** Returns the live events hub, published to after every push that wrote something. */
  public LiveEvents events() {
    return events;
  }

  /**
   * Returns the documents of {@code group} changed after {@code since}; {@code limit} is capped
   * at {@link #MAX_LIMIT}. {@code horizon} is the purge horizon the client saw last (0 if none).
   */
  public PullResponse pull(String group, long since, long horizon, int limit) {
    StoredPage page = store.pull(group, since, horizon, Math.min(limit, MAX_LIMIT));
    List<Doc> docs = new ArrayList<>(page.docs().size());
    for (StoredDoc stored : page.docs()) {
      docs.add(toDoc(stored));
    }
    return new PullResponse(docs, page.cursor(), page.more(), page.reset(), page.horizon());
  }

  /**
   * Applies {@code request} in one transaction and tells live listeners of the group when
   * anything was written. {@code author} is recorded with each write.
   */
  public PushResponse push(PushRequest request, String author) {
    List<StoredChange> changes = new ArrayList<>(request.changes().size());
    for (Change change : request.changes()) {
      byte[] value = change.value() == null ? null : codec.encode(change.value(), STORED);
      changes.add(new StoredChange(change.id(), change.op(), value, change.base(), change.change()));
    }
    StoredPushResult stored = store.push(request.group(), author, changes);
    if (stored.wroteAny()) {
      events.publish(request.group(), stored.cursor());
    }
    List<PushResult> results = new ArrayList<>(stored.outcomes().size());
    for (StoredPushResult.Outcome outcome : stored.outcomes()) {
      results.add(toResult(outcome));
    }
    return new PushResponse(results, stored.cursor());
  }

  private PushResult toResult(StoredPushResult.Outcome outcome) {
    return switch (outcome) {
      case StoredPushResult.Applied a -> new PushResult.Ok(a.id(), a.version(), a.seq());
      case StoredPushResult.Stale s ->
          new PushResult.Conflict(s.id(), s.current() == null ? null : toDoc(s.current()));
    };
  }

  private Doc toDoc(StoredDoc stored) {
    @Nullable Object value = stored.value() == null ? null : codec.decode(stored.value(), STORED);
    return new Doc(
        stored.id(), value, stored.version(), stored.deleted(), stored.seq(), stored.updated());
  }
}
