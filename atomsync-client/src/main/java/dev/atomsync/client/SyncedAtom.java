package dev.atomsync.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An atom whose value is the map of one group's documents, kept in the local store and (with a
 * server in its {@link SyncOptions}) synced in the background.
 *
 * <p>It behaves exactly as {@code clojure.lang.Atom}: {@link #deref()} reads without locking;
 * {@link #swap} is a compare-and-set retry loop that runs its function outside any lock, so the
 * function may run more than once and must be free of side effects; the validator sees every
 * candidate value before it is set; watches run after each successful change, on the calling
 * thread, with the old and new value. {@link #compareAndSet} compares by identity.
 *
 * <p>On top of that, every change is <b>written through</b>: when a changing method returns, the
 * documents it changed and their outbox entries are committed to the local store (for a file,
 * synced as its {@link Durability} says), so killing the process afterwards loses nothing. Each
 * change is one transaction, and the store never holds an older value than memory. A change costs
 * O(documents changed) when its new value derives from the current one by {@link DocMap#plus} and
 * {@link DocMap#minus}; any other new value (a {@link DocMap#copyOf} map, a map derived from an older
 * value) is compared with the current one document by document, in O(documents held).
 *
 * <p>Every change checks, for the documents it changes only: ids belong to the group (they start
 * with {@code "group:"}, see {@link dev.atomsync.core.Ids}), and values can be encoded by the atom's
 * codec. A change that breaks either rule, that the validator rejects, or that the store cannot
 * commit throws and changes nothing: not memory, not the store, and no watch runs. A document whose
 * new value {@code equals} its old one is not written.
 *
 * <p>With a server in its options, the atom syncs in the background on a thread of its own (see
 * {@link SyncOptions}): local changes are pushed soon after they commit, the server's changes are
 * pulled on an interval and at once when its live-event stream announces them, and conflicts are
 * settled by the {@link ConflictStrategy}. Changes that arrive from the server run the watches on
 * the sync thread; an exception a watch throws there is logged and does not stop syncing.
 * Validators guard local changes only: the server's state is a fact the atom applies.
 *
 * <p>Thread-safe. After the owning {@link AtomSync} is closed, {@link #deref()} still answers the
 * last value and changes throw {@link IllegalStateException}.
 */
public interface SyncedAtom {

  /** Returns the group whose documents this atom holds. */
  String group();

  /** Returns the options this atom was opened with. */
  SyncOptions options();

  /** Returns the current value, without locking; the same object until the next change. */
  DocMap deref();

  /**
   * Sets the value to {@code fn} applied to the current value, retrying with the newer value when
   * another change came first, and returns the value set.
   *
   * @throws IllegalStateException when the validator rejects the new value ("Invalid reference
   *     state"), or when the atom's {@link AtomSync} is closed
   * @throws IllegalArgumentException when a changed id is outside the group, a changed value
   *     cannot be encoded, or (in an atom with a server) it encodes to more than {@link
   *     SyncOptions#MAX_DOCUMENT_BYTES}
   * @throws NullPointerException when {@code fn} returns null
   * @throws dev.atomsync.client.spi.LocalStoreException when the store cannot commit the change
   */
  DocMap swap(UnaryOperator<DocMap> fn);

  /**
   * Sets the value as {@link #swap} does, and returns both the value replaced and the value set.
   *
   * @throws IllegalStateException as {@link #swap}
   * @throws IllegalArgumentException as {@link #swap}
   */
  Swap swapVals(UnaryOperator<DocMap> fn);

  /**
   * Sets the value to {@code newValue} whatever it was, and returns {@code newValue}.
   *
   * @throws IllegalStateException as {@link #swap}
   * @throws IllegalArgumentException as {@link #swap}
   */
  DocMap reset(DocMap newValue);

  /**
   * Sets the value to {@code newValue} whatever it was, and returns the value replaced with it.
   *
   * @throws IllegalStateException as {@link #swap}
   * @throws IllegalArgumentException as {@link #swap}
   */
  Swap resetVals(DocMap newValue);

  /**
   * Sets the value to {@code newValue} only if the current value is {@code expected} (the same
   * object, not merely an equal one), and returns whether it did. The validator runs first, whether
   * or not the value matches.
   *
   * @throws IllegalStateException as {@link #swap}
   * @throws IllegalArgumentException as {@link #swap}, when the value matched
   */
  boolean compareAndSet(DocMap expected, DocMap newValue);

  /**
   * Installs {@code validator}, which every later candidate value must pass; null removes it. The
   * current value is checked first: when it fails, the validator is not installed.
   *
   * @throws IllegalStateException when the current value fails {@code validator}
   */
  void setValidator(@Nullable Predicate<? super DocMap> validator);

  /** Returns the installed validator; null when there is none. */
  @Nullable Predicate<? super DocMap> validator();

  /**
   * Calls {@code watch} after every change, replacing any watch already under {@code key} (it keeps
   * its place in the calling order, which is the order of first registration).
   *
   * @return a handle whose {@link Registration#remove()} removes this watch unless another has
   *     replaced it
   */
  Registration addWatch(Object key, Watch watch);

  /** Removes the watch under {@code key}, and returns whether there was one. */
  boolean removeWatch(Object key);

  /** Returns document {@code id} of the current value; null when it has none. */
  @Nullable Object get(String id);

  /**
   * Sets document {@code id} to {@code value}, as a {@link #swap}, and returns the new value of the
   * atom.
   *
   * @throws IllegalArgumentException when {@code id} is outside the group or {@code value} cannot
   *     be encoded
   * @throws NullPointerException when {@code value} is null (use {@link #remove})
   * @throws IllegalStateException as {@link #swap}
   */
  DocMap put(String id, Object value);

  /**
   * Sets document {@code id} to {@code fn} applied to its current value (null when absent), as a
   * {@link #swap}, so {@code fn} may run more than once; a null result removes the document.
   * Returns the new value of the atom.
   *
   * @throws IllegalArgumentException when {@code id} is outside the group or the result cannot be
   *     encoded
   * @throws IllegalStateException as {@link #swap}
   */
  DocMap update(String id, UnaryOperator<@Nullable Object> fn);

  /**
   * Removes document {@code id}, as a {@link #swap}, and returns the new value of the atom.
   *
   * @throws IllegalArgumentException when {@code id} is outside the group
   * @throws IllegalStateException as {@link #swap}
   */
  DocMap remove(String id);

  /**
   * Returns how many documents of this group have local changes that the server has not
   * acknowledged yet: their outbox entries, at most one pending per document.
   *
   * @throws IllegalStateException when the atom's {@link AtomSync} is closed
   */
  int pendingCount();

  /**
   * Returns a future that completes once the atom is ready: at once with {@link
   * Readiness#LOCAL_ONLY} for an atom without a server; otherwise after the first pull was applied
   * ({@link Readiness#SYNCED}), or after the first attempt to reach the server failed ({@link
   * Readiness#OFFLINE}), whichever comes first. The local state is loaded before the atom is
   * returned, so reads and writes need not wait for this. Completes on the sync thread; the same
   * future on every call.
   */
  CompletableFuture<Readiness> ready();

  /**
   * Starts a sync round now instead of waiting for the next scheduled one: push every pending
   * change, then pull until the server has no more. The returned future completes on the sync
   * thread when that round finishes, or exceptionally with a {@link SyncException} when it fails
   * (the loop then retries by itself). Completes at once for an atom without a server.
   *
   * @throws IllegalStateException when the atom's {@link AtomSync} is closed
   */
  CompletableFuture<Void> sync();

  /** Returns where the sync with the server stands now. */
  SyncStatus status();

  /**
   * Calls {@code listener} on the sync thread after every status change.
   *
   * @return a handle whose {@link Registration#remove()} removes the listener
   */
  Registration addStatusListener(StatusListener listener);

  /**
   * Calls {@code listener} on the sync thread after every conflict the atom's {@link
   * ConflictStrategy} settled.
   *
   * @return a handle whose {@link Registration#remove()} removes the listener
   */
  Registration addConflictListener(ConflictListener listener);
}
