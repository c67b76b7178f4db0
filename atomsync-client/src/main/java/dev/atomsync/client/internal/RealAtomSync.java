package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.AtomSyncOptions;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Ids;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@link AtomSync} over one {@link LocalStore}: a registry of the atoms of its groups.
 *
 * <p>An atom's documents are read and decoded once, when it is first asked for; from then on the
 * atom's memory is the truth and the store its durable copy.
 */
public final class RealAtomSync implements AtomSync {
  private final LocalStore store;
  private final Codec codec;
  private final Map<String, RealSyncedAtom> atoms = new HashMap<>();
  private volatile boolean closed;

  private RealAtomSync(LocalStore store, Codec codec) {
    this.store = requireNonNull(store, "store");
    this.codec = requireNonNull(codec, "codec");
  }

  /** Returns an {@link AtomSync} that owns {@code store}, as {@link AtomSync#open(LocalStore, Codec)}. */
  public static AtomSync over(LocalStore store, Codec codec) {
    return new RealAtomSync(store, codec);
  }

  /** Opens {@code file} as {@link AtomSync#open(Path, AtomSyncOptions)} describes. */
  public static AtomSync open(Path file, AtomSyncOptions options) {
    requireNonNull(file, "file");
    requireNonNull(options, "options");
    return new RealAtomSync(SqliteLocalStore.open(file, options.durability()), options.codec());
  }

  @Override
  public SyncedAtom atom(String group) {
    return atom(group, SyncOptions.localOnly());
  }

  @Override
  public synchronized SyncedAtom atom(String group, SyncOptions options) {
    Ids.requireGroup(group);
    requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("AtomSync is closed; cannot open atom \"" + group + "\"");
    }
    RealSyncedAtom existing = atoms.get(group);
    if (existing != null) {
      if (!existing.options().equals(options)) {
        throw new IllegalArgumentException(
            "atom \"" + group + "\" is already open with other options (" + existing.options()
                + "); ask for it with the same options");
      }
      return existing;
    }
    Codec atomCodec = options.codec() == null ? codec : options.codec();
    RealDocMap initial = StoredFormat.decodeAll(atomCodec, store.load(group));
    RealSyncedAtom atom =
        new RealSyncedAtom(group, options, atomCodec, store, initial, () -> closed);
    atoms.put(group, atom);
    return atom;
  }

  @Override
  public UUID clientId() {
    return store.clientId();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    store.close();
  }

  @Override
  public String toString() {
    return "AtomSync[" + store + "]";
  }
}
