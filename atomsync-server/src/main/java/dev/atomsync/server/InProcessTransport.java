package dev.atomsync.server;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.PushResult;
import dev.atomsync.server.internal.wire.RawValue;
import dev.atomsync.server.internal.wire.WireDoc;
import dev.atomsync.server.internal.wire.WirePull;
import dev.atomsync.server.internal.wire.WirePush;
import dev.atomsync.server.internal.wire.WireResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SyncTransport} straight into a {@link SyncService}, without HTTP: the publisher
 * pattern, where a server process holds synced atoms of its own and its writes reach clients like
 * any other push (same versions, seqs, live events, conflicts).
 *
 * <pre>{@code
 * SyncedAtom news = AtomSync.open(Path.of("publisher.db"))
 *     .atom("news", SyncOptions.transport(InProcessTransport.over(server.service(), "publisher")));
 * }</pre>
 *
 * <p>Values are encoded and decoded with the given codec, which must be the atom's (register the
 * same records and enums). Access is not checked: the process that holds the service is trusted.
 * Thread-safe.
 */
public final class InProcessTransport implements SyncTransport {
  private final SyncService service;
  private final String author;
  private final Codec codec;

  private InProcessTransport(SyncService service, String author, Codec codec) {
    this.service = service;
    this.author = author;
    this.codec = codec;
  }

  /** Returns a transport into {@code service} with the standard codec, writing as {@code author}. */
  public static InProcessTransport over(SyncService service, String author) {
    return over(service, author, Codec.standard());
  }

  /**
   * Returns a transport into {@code service} that writes as {@code author} and encodes values with
   * {@code codec}.
   *
   * @throws IllegalArgumentException when {@code author} is empty
   */
  public static InProcessTransport over(SyncService service, String author, Codec codec) {
    requireNonNull(service, "service");
    requireNonNull(author, "author");
    requireNonNull(codec, "codec");
    if (author.isEmpty()) {
      throw new IllegalArgumentException("author must not be empty");
    }
    return new InProcessTransport(service, author, codec);
  }

  @Override
  public PullResponse pull(String group, long since, long horizon, int limit) {
    try {
      WirePull page = service.pullWire(group, since, horizon, limit);
      List<Doc> docs = new ArrayList<>(page.docs().size());
      for (WireDoc doc : page.docs()) {
        docs.add(decode(doc));
      }
      return new PullResponse(docs, page.cursor(), page.more(), page.reset(), page.horizon());
    } catch (RuntimeException e) {
      throw failed("pull of \"" + group + "\"", e);
    }
  }

  @Override
  public PushResponse push(PushRequest request) {
    List<Change> changes = new ArrayList<>(request.changes().size());
    for (Change change : request.changes()) {
      Object value = change.value() == null ? null : RawValue.of(change.value(), codec);
      changes.add(new Change(change.id(), change.op(), value, change.base(), change.change()));
    }
    WirePush pushed;
    try {
      pushed = service.pushWire(new PushRequest(request.group(), request.client(), changes), author);
    } catch (RuntimeException e) {
      throw failed("push to \"" + request.group() + "\"", e);
    }
    List<PushResult> results = new ArrayList<>(pushed.results().size());
    for (WireResult result : pushed.results()) {
      results.add(switch (result) {
        case WireResult.Ok ok -> new PushResult.Ok(ok.id(), ok.version(), ok.seq());
        case WireResult.Conflict c ->
            new PushResult.Conflict(c.id(), c.doc() == null ? null : decode(c.doc()));
      });
    }
    return new PushResponse(results, pushed.cursor());
  }

  /** Listens to the service's live events; they are in process, so never lost while subscribed. */
  @Override
  public Registration subscribe(String group, EventListener listener) {
    LiveEvents.Subscription subscription = service.events().subscribe(group,
        new LiveEvents.Listener() {
          @Override
          public void onChange(String changed, long cursor) {
            listener.changed(cursor);
          }

          @Override
          public void onClose() {
            listener.disconnected(new SyncException("the service shut down", 0, null));
          }
        });
    listener.connected();
    return subscription::close;
  }

  private Doc decode(WireDoc doc) {
    Object value = doc.value() == null ? null : doc.value().decode(codec);
    return new Doc(doc.id(), value, doc.version(), doc.deleted(), doc.seq(), doc.updated());
  }

  private static SyncException failed(String what, RuntimeException e) {
    return new SyncException(what + " failed in process: " + e.getMessage(), 500, e);
  }

  @Override
  public String toString() {
    return "InProcessTransport[" + author + "]";
  }
}
