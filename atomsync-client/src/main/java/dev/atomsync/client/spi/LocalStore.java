package dev.atomsync.client.spi;

import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where a client keeps its documents, its outbox and its sync cursors: the contract every local
 * store (SQLite on the JVM, a port's own) fulfils.
 *
 * <p>Values are opaque bytes (Transit, encoded by the atom); a byte array handed over in either
 * direction belongs to the receiver, and the giver does not touch it again. Implementations are
 * thread-safe.
 * Every method either completes its whole effect or none of it, and a method that changes anything
 * returns only after its transaction committed. Callers check that ids belong to the group they
 * name. A store has one owner; it need not guard against a second process.
 *
 * <h2>Documents</h2>
 *
 * Per document the store keeps its <em>local value</em> (what the atom shows; none when deleted
 * locally) and its <em>base</em>: the version and value it last knew on the server (version 0 and no
 * value when the server never had it; a version with no value when the server holds a tombstone).
 * The base is what a push names as {@code :base} and what a three-way merge starts from. While the
 * document has outbox entries it may also keep a <em>remote</em> state (see Server state). {@link
 * #document} shows all three as a {@link StoredDoc}.
 *
 * <h2>Outbox</h2>
 *
 * Every local change leaves an entry for the sync loop to push, carrying a change id that the
 * server uses to apply it at most once (PROTOCOL.md, Push). Per document there is at most one
 * <em>pending</em> entry and at most one <em>in-flight</em> entry:
 *
 * <ul>
 *   <li>A write to a document without a pending entry creates one: a new change id, the
 *       document's base version as base, the next seq.
 *   <li>A write to a document with a pending entry coalesces into it: op and value are replaced;
 *       change id, base and seq are kept. The id never left the device, so reusing it is safe.
 *   <li>{@link #takeForPush} turns pending entries into in-flight ones. From then on an in-flight
 *       entry is frozen: a retry after a timeout, a lost response or a crash sends exactly the same
 *       change under the same id, and the server's idempotency makes it harmless.
 *   <li>A write to a document whose entry is in flight creates a new pending entry with a
 *       <em>new</em> change id: it is another change, made on top of the one in flight. It is not
 *       pushed before the in-flight one is acknowledged, so a request names each document once.
 *   <li>{@link #acknowledge} removes only the in-flight entry with the acknowledged change id, so a
 *       late or repeated acknowledgement never removes a newer edit. It records the pushed value
 *       and the server's version as the document's base, and rebases the pending entry, if any, on
 *       that version.
 *   <li>Deleting a document the server never had (base version 0) with nothing in flight drops its
 *       pending entry and the document: there is nothing to tell the server. A document with a
 *       remote state is not dropped: a pull has shown that the server has it after all, so the
 *       delete is queued (on base 0, to be settled as a conflict) like any other.
 * </ul>
 *
 * <h2>Server state</h2>
 *
 * The sync loop tells the store what the server holds, and the store answers with the documents
 * whose <em>local value</em> it changed ({@link LocalChange}), for the atom to show:
 *
 * <ul>
 *   <li>{@link #applyPull} applies a pulled page and its {@link PullPosition} in one transaction, so
 *       a crash never skips or half-applies a page. A document without outbox entries takes the
 *       server's state as base and local value (a tombstone keeps its row, value null, so that a
 *       later local put is based on the tombstone's version; a tombstone of a document the store
 *       did not know is kept so too). A document <em>with</em> outbox entries keeps its local value
 *       and its base, which a three-way merge still needs; the pulled state, when newer than both
 *       the base and the remote state kept so far, becomes the document's <em>remote</em> state.
 *       Pulled states no newer than what the store knows are ignored, so a repeated or stale page
 *       changes nothing.
 *   <li>{@link #acknowledge} sets the base to the acknowledged version; when the kept-aside remote
 *       state is newer than that (the acknowledgement of a retried push arrived after a pull had
 *       already brought a later write of another client), a document with nothing pending takes the
 *       remote state, so that no pulled write is ever lost behind a late acknowledgement. A remote
 *       state not newer than the acknowledged version is cleared; one that is newer stays while a
 *       pending entry remains, for {@link #settle} to build on when that entry conflicts.
 *   <li>{@link #settle} resolves a conflicting in-flight change as a {@link Resolution} says, on
 *       the newest of the conflict's document and the remote state.
 * </ul>
 *
 * <p>A store keeps a document (and {@link #document} returns it) while it has a local value, a base
 * version above 0, a remote state or an outbox entry, and forgets it when it has none of them.
 */
public interface LocalStore extends AutoCloseable {

  /** Returns the id of this client installation, generated when the store was created. */
  UUID clientId();

  /**
   * Returns the local values of the documents of {@code group} that have one, sorted by id.
   *
   * @throws IllegalStateException when the store is closed
   */
  SortedMap<String, byte[]> load(String group);

  /**
   * Returns what the store keeps of document {@code id}; null when nothing.
   *
   * @throws IllegalStateException when the store is closed
   */
  @Nullable StoredDoc document(String id);

  /**
   * Sets the local values of documents of {@code group} and records each in the outbox as the
   * class description says, in one transaction. The writes apply in order, each as if written by
   * itself: an id may appear more than once (the atom commits several swaps in one transaction).
   *
   * @throws IllegalStateException when the store is closed
   * @throws LocalStoreException when the transaction fails; nothing was written
   */
  void write(String group, List<LocalWrite> writes);

  /**
   * Returns how many documents of {@code group} have outbox entries, pending or in flight.
   *
   * @throws IllegalStateException when the store is closed
   */
  int pendingCount(String group);

  /**
   * Returns every outbox entry of {@code group}, in seq order.
   *
   * @throws IllegalStateException when the store is closed
   */
  List<OutboxEntry> outbox(String group);

  /**
   * Marks pending entries of {@code group} in flight and returns the entries to push now, at most
   * {@code limit}, in seq order: first those already in flight (a retry), then pending ones, each
   * now in flight, up to the first whose document still has an entry in flight (it waits for that
   * entry's acknowledgement, and the entries after it wait with it, so that entries go in flight in
   * seq order). At most one entry per document.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   * @throws IllegalStateException when the store is closed
   */
  List<OutboxEntry> takeForPush(String group, int limit);

  /**
   * Marks pending entries of {@code group} in flight and returns them, as {@link #takeForPush}
   * does, but without the entries already in flight: for a push sent while an earlier one is still
   * on its way. At most {@code limit}, in seq order, up to the first pending entry whose document
   * has an entry in flight.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   * @throws IllegalStateException when the store is closed
   */
  List<OutboxEntry> takeMoreForPush(String group, int limit);

  /**
   * Applies the server's acknowledgements of in-flight changes of {@code group}, in one
   * transaction: each removes its in-flight entry, sets the document's base to the pushed value and
   * the acknowledged version, and rebases the document's pending entry on that version. When the
   * document's remote state is newer than the acknowledged version and the document has no pending
   * entry, the document takes the remote state as base and local value, and the remote state is
   * cleared; a remote state not newer than the acknowledged version is cleared too. An
   * acknowledgement of a change id that is not in flight for the document it names is ignored.
   *
   * @return the documents whose local value changed, in the order of {@code acks}
   * @throws IllegalStateException when the store is closed
   */
  List<LocalChange> acknowledge(String group, List<Ack> acks);

  /**
   * Returns where the pulls of {@code group} stand; {@link PullPosition#START} before the first.
   *
   * @throws IllegalStateException when the store is closed
   */
  PullPosition position(String group);

  /**
   * Applies pulled documents of {@code group} as the class description says and sets the group's
   * position to {@code next}, in one transaction.
   *
   * <p>Documents are applied in order, so of two states of one id the newer wins. {@code next} is
   * stored as given; the sync loop decides where pulls go on.
   *
   * <p>With {@code reset}, {@code docs} is the group's whole live set (PROTOCOL.md, Compaction):
   * every document of the group that is not in it and has no outbox entry is dropped as well,
   * tombstones included (they have no local value, so dropping them changes nothing the atom
   * shows). Documents with outbox entries keep their rows and remote states.
   *
   * @return the documents whose local value changed, in the order of {@code docs} (dropped ones
   *     after them, by id)
   * @throws IllegalStateException when the store is closed
   * @throws LocalStoreException when the transaction fails; nothing was written
   */
  List<LocalChange> applyPull(String group, List<RemoteDoc> docs, PullPosition next, boolean reset);

  /**
   * Settles the conflict the server reported for in-flight change {@code change} of {@code group},
   * in one transaction. The newest of {@code server} and the document's remote state becomes the
   * base, and the in-flight entry is removed. Then:
   *
   * <ul>
   *   <li>{@link Resolution.TakeServer}: the pending entry, if any, is dropped and the local value
   *       becomes the server's;
   *   <li>{@link Resolution.KeepLocal}: the local value stays and is pushed again, based on the new
   *       base version, as the pending entry (an existing one is rebased and keeps its change id,
   *       otherwise a new change id);
   *   <li>{@link Resolution.Push}: the local value becomes the given one and is pushed as with
   *       {@code KeepLocal}.
   * </ul>
   *
   * The pushed entry is a put, or a delete when the local value is null. Of {@code server} and a
   * remote state at the same version, {@code server} is taken. A local value equal to the new
   * base's (same bytes, or both deleted or absent) needs no push: no entry is left, the pending one
   * included. When then nothing is left at all (no local value, base version 0: the server does not
   * have the document either), the document's row is dropped, as {@link #write} drops a delete of a
   * document the server never had. A change id that is not in flight is ignored.
   *
   * @return the document's local change, if its local value changed; empty otherwise
   * @throws IllegalArgumentException when {@code server} is not the document of change {@code
   *     change}; nothing was written
   * @throws IllegalStateException when the store is closed
   */
  List<LocalChange> settle(String group, UUID change, RemoteDoc server, Resolution resolution);

  /** Releases the store; waits for a transaction in progress. Idempotent. */
  @Override
  void close();
}
