package dev.atomsync.server;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.server.internal.wire.CarriedChanges;
import dev.atomsync.server.internal.wire.WireDoc;
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
      return service.pull(group, since, horizon, limit, codec);
    } catch (RuntimeException e) {
      throw failed("pull of \"" + group + "\"", e);
    }
  }

  @Override
  public PushResponse push(PushRequest request) {
    try {
      return service.push(request, author, codec);
    } catch (RuntimeException e) {
      throw failed("push to \"" + request.group() + "\"", e);
    }
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
          public void onChanges(String changed, CarriedChanges changes) {
            // Decoded here, on the pushing thread: at most CarriedChanges.MAX_BYTES of values.
            List<Doc> docs = new ArrayList<>(changes.docs().size());
            for (WireDoc doc : changes.docs()) {
              docs.add(SyncService.decode(doc, codec));
            }
            listener.changed(new ChangeEvent(changed, changes.cursor(), changes.since(), docs));
          }

          @Override
          public void onClose() {
            listener.disconnected(new SyncException("the service shut down", 0, null));
          }
        });
    listener.connected();
    return subscription::close;
  }

  private static SyncException failed(String what, RuntimeException e) {
    return new SyncException(what + " failed in process: " + e.getMessage(), 500, e);
  }

  @Override
  public String toString() {
    return "InProcessTransport[" + author + "]";
  }
}
