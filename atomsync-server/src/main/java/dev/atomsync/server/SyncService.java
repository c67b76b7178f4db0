package dev.atomsync.server;

import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.PushResult;
import dev.atomsync.server.internal.wire.CarriedChanges;
import dev.atomsync.server.internal.wire.PullStreamWriter;
import dev.atomsync.server.internal.wire.RawValue;
import dev.atomsync.server.internal.wire.WireDoc;
import dev.atomsync.server.internal.wire.WirePull;
import dev.atomsync.server.internal.wire.WirePush;
import dev.atomsync.server.internal.wire.WireResult;
import dev.atomsync.server.spi.PageSink;
import dev.atomsync.server.spi.SharedStore;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sync logic of PROTOCOL.md, independent of HTTP: pull, push and live events over a {@link
 * Store}.
 *
 * <p>The server only stores values, so it never decodes them on its own paths: a push body is
 * read with each value kept as Transit JSON bytes, which go to the store as they are and are
 * spliced into pull responses unchanged. {@link #pull} and {@link #push} decode values with
 * {@link Codec#standard()} for in-process callers, which passes tags it does not know through.
 * Callers check access; the service trusts its arguments to be valid protocol messages.
 * Thread-safe.
 */
public final class SyncService {
  /** The default page size of a pull. */
  public static final int DEFAULT_LIMIT = 1000;

  /** The greatest page size of a pull; larger limits are capped to it. */
  public static final int MAX_LIMIT = 10_000;

  private final Store store;
  private final Codec codec = Codec.standard();
  private final LiveEvents events = new LiveEvents();

  /** Returns a service over {@code store}. */
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
   * Returns the documents of {@code group} changed after {@code since}, values decoded; {@code
   * limit} is capped at {@link #MAX_LIMIT}. {@code horizon} is the purge horizon the client saw
   * last (0 if none).
   */
  public PullResponse pull(String group, long since, long horizon, int limit) {
    return pull(group, since, horizon, limit, codec);
  }

  /** Pulls as {@link #pull(String, long, long, int)} does, decoding values with {@code values}. */
  PullResponse pull(String group, long since, long horizon, int limit, Codec values) {
    WirePull page = pullWire(group, since, horizon, limit);
    List<Doc> docs = new ArrayList<>(page.docs().size());
    for (WireDoc doc : page.docs()) {
      docs.add(decode(doc, values));
    }
    return new PullResponse(docs, page.cursor(), page.more(), page.reset(), page.horizon());
  }

  /**
   * Applies {@code request} in one transaction and tells live listeners of the group when
   * anything was written; conflict documents come back decoded. {@code author} is recorded with
   * each write.
   */
  public PushResponse push(PushRequest request, String author) {
    return push(request, author, codec);
  }

  /**
   * Pushes as {@link #push(PushRequest, String)} does, encoding values and decoding conflict
   * documents with {@code values}.
   */
  PushResponse push(PushRequest request, String author, Codec values) {
    WirePush pushed = pushWire(request, author, values);
    List<PushResult> results = new ArrayList<>(pushed.results().size());
    for (WireResult result : pushed.results()) {
      results.add(
          switch (result) {
            case WireResult.Ok ok -> new PushResult.Ok(ok.id(), ok.version(), ok.seq());
            case WireResult.Conflict c ->
                new PushResult.Conflict(
                    c.id(), c.doc() == null ? null : decode(c.doc(), values));
          });
    }
    return new PushResponse(results, pushed.cursor(), pushed.since());
  }

  /** Returns a pull page with values as stored, for writing to the wire without decoding. */
  WirePull pullWire(String group, long since, long horizon, int limit) {
    StoredPage page = store.pull(group, since, horizon, Math.min(limit, MAX_LIMIT));
    List<WireDoc> docs = new ArrayList<>(page.docs().size());
    for (StoredDoc stored : page.docs()) {
      docs.add(WireDoc.ofStored(stored));
    }
    return new WirePull(docs, page.cursor(), page.more(), page.reset(), page.horizon());
  }

  /**
   * Returns whether at most {@code docs} documents changed after {@code since}, judged by the
   * store's last seq when reading it costs nothing; false when it might cost a query (a {@link
   * SharedStore} keeps it in its database). A hint about a page's size, not a promise: a pull
   * that resets sends live documents from the start.
   */
  boolean fewChangesAfter(long since, int docs) {
    return !(store instanceof SharedStore) && store.lastSeq() - since <= docs;
  }

  /**
   * Hands a pull page to {@code sink} while the store reads it, on the calling thread: each
   * document, then the end; a failed pull ends without the end.
   */
  void pull(String group, long since, long horizon, int limit, PageSink sink) {
    store.pull(group, since, horizon, Math.min(limit, MAX_LIMIT), sink);
  }

  /**
   * Writes a pull page to {@code out} as Transit JSON while the store reads it, values spliced in
   * as stored; returns the number of documents. {@code out} receives part of the page even when
   * the pull then fails.
   */
  int pullJson(String group, long since, long horizon, int limit, OutputStream out)
      throws IOException {
    PullStreamWriter writer = new PullStreamWriter(out);
    int[] count = {0};
    pull(group, since, horizon, limit, new PageSink() {
      @Override
      public void doc(StoredDoc doc) {
        try {
          writer.doc(WireDoc.ofStored(doc));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        count[0]++;
      }

      @Override
      public void end(long cursor, boolean more, boolean reset, long pageHorizon) {
        try {
          writer.end(cursor, more, reset, pageHorizon);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    });
    return count[0];
  }

  /**
   * Applies {@code request}, whose values are {@link RawValue}s when it was read from the wire
   * (any other value is encoded first), and returns results with values as stored.
   */
  WirePush pushWire(PushRequest request, String author) {
    return pushWire(request, author, codec);
  }

  private WirePush pushWire(PushRequest request, String author, Codec values) {
    List<StoredChange> changes = new ArrayList<>(request.changes().size());
    for (Change change : request.changes()) {
      changes.add(
          new StoredChange(change.id(), change.op(), storable(change.value(), values),
              change.base(), change.change()));
    }
    StoredPushResult stored = store.push(request.group(), author, changes);
    if (stored.wroteAny()) {
      publish(request.group(), stored);
    }
    List<WireResult> results = new ArrayList<>(stored.outcomes().size());
    for (StoredPushResult.Outcome outcome : stored.outcomes()) {
      results.add(
          switch (outcome) {
            case StoredPushResult.Applied a -> new WireResult.Ok(a.id(), a.version(), a.seq());
            case StoredPushResult.Stale s ->
                new WireResult.Conflict(
                    s.id(), s.current() == null ? null : WireDoc.ofStored(s.current()));
          });
    }
    return new WirePush(results, stored.cursor(), stored.knowsSince() ? stored.since() : -1);
  }

  /** Publishes a push's writes: inside the event when they are small, else the cursor alone. */
  private void publish(String group, StoredPushResult stored) {
    CarriedChanges carried = null;
    if (stored.knowsSince()) {
      List<WireDoc> docs = new ArrayList<>(stored.written().size());
      for (StoredDoc doc : stored.written()) {
        docs.add(WireDoc.ofStored(doc));
      }
      carried = CarriedChanges.of(group, stored.since(), stored.cursor(), docs);
    }
    if (carried != null) {
      events.publish(carried);
    } else {
      events.publish(group, stored.cursor());
    }
  }

  private static byte @Nullable [] storable(@Nullable Object value, Codec values) {
    if (value == null) {
      return null;
    }
    RawValue raw = value instanceof RawValue r ? r : RawValue.of(value, values);
    return raw.toStorage();
  }

  static Doc decode(WireDoc doc, Codec values) {
    Object value = doc.value() == null ? null : doc.value().decode(values);
    return new Doc(doc.id(), value, doc.version(), doc.deleted(), doc.seq(), doc.updated());
  }
}
