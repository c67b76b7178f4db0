package dev.atomsync.client.spi;

import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncException;
import dev.atomsync.core.Change;
import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Op;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * How a synced atom reaches its server: the three operations of PROTOCOL.md, as messages.
 *
 * <p>Over HTTP by default ({@code SyncOptions.server(uri)}); a server process that holds atoms of
 * its own binds them to its store in process ({@code SyncService.transport}), and tests bring
 * hostile transports. Document values travel decoded, with the atom's codec. Implementations are
 * thread-safe; {@link #pull} and {@link #push} block and are called on the atom's sync thread,
 * except that the next page of a long pull is fetched on a virtual thread while the sync thread
 * applies the current one (never two pulls of one atom at once).
 */
public interface SyncTransport {

  /**
   * Returns one page of changes of {@code group} after {@code since} (PROTOCOL.md, Pull).
   *
   * @throws SyncException when the server cannot be reached, refuses, or answers nonsense
   */
  PullResponse pull(String group, long since, long horizon, int limit);

  /**
   * Returns one page as {@link #pull} does, with each document also as a {@link LocalStore} keeps
   * it, its value a Transit JSON document. A transport that receives Transit JSON can hand on each
   * value as it came; the default encodes each decoded value with {@code codec}.
   *
   * @throws SyncException as {@link #pull}
   * @throws dev.atomsync.core.CodecException when a value cannot be encoded
   */
  default PulledPage pullStored(String group, long since, long horizon, int limit, Codec codec) {
    return PulledPage.encoding(pull(group, since, horizon, limit), codec);
  }

  /**
   * Applies one push and returns the server's results (PROTOCOL.md, Push).
   *
   * @throws SyncException when the server cannot be reached, refuses, or answers nonsense; the
   *     push may or may not have been applied, and is retried with the same change ids
   */
  PushResponse push(PushRequest request);

  /**
   * Applies one push of outbox entries of {@code group} whose values are still as a {@link
   * LocalStore} keeps them, Transit JSON documents (PROTOCOL.md, Push). A transport that sends
   * Transit JSON can copy them into its request as they are; the default decodes them with {@code
   * codec} and calls {@link #push(PushRequest)}.
   *
   * @throws SyncException as {@link #push(PushRequest)}
   * @throws dev.atomsync.core.CodecException when a stored value cannot be decoded
   */
  default PushResponse push(String group, String client, List<OutboxEntry> entries, Codec codec) {
    List<Change> changes = new ArrayList<>(entries.size());
    for (OutboxEntry entry : entries) {
      Object value = entry.op() == Op.PUT ? codec.decode(entry.value(), WireFormat.JSON) : null;
      changes.add(new Change(entry.id(), entry.op(), value, entry.base(), entry.change()));
    }
    return push(new PushRequest(group, client, changes));
  }

  /**
   * Starts listening to {@code group}'s live changes, reconnecting by itself, until the returned
   * registration is removed. {@code listener} is called on a thread of the transport's.
   */
  Registration subscribe(String group, EventListener listener);

  /** Hears what a live-changes subscription reports; each method must return quickly. */
  interface EventListener {
    /** The subscription is (again) live: changes made while it was not may have been missed. */
    void connected();

    /** The server committed writes to the group up to {@code cursor}. */
    void changed(long cursor);

    /**
     * The server committed writes to the group up to {@code event.cursor()}, and, when the event
     * {@linkplain ChangeEvent#carriesChanges() carries them}, these were all of the group's changes
     * since {@code event.since()}. The default hears the cursor only.
     */
    default void changed(ChangeEvent event) {
      changed(event.cursor());
    }

    /** The subscription was lost; the transport tries again by itself. */
    void disconnected(SyncException cause);
  }
}
