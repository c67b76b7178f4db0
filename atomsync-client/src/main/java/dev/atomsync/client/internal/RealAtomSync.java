package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.AtomSyncOptions;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Ids;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AtomSync} over one {@link LocalStore}: a registry of the atoms of its groups.
 *
 * <p>An atom's documents are read and decoded once, when it is first asked for; from then on the
 * atom's memory is the truth and the store its durable copy. An atom with a server gets a {@link
 * SyncLoop}; closing stops the loops before the store closes.
 */
public final class RealAtomSync implements AtomSync {
  private final LocalStore store;
  private final Codec codec;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, RealSyncedAtom> atoms = new HashMap<>();
  private final List<SyncLoop> loops = new ArrayList<>();
  private @Nullable HttpClient http; // made on first use, closed with this
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
    SyncTransport transport = transport(options, atomCodec);
    if (transport != null) {
      SyncLoop loop = new SyncLoop(atom, options, transport, store.clientId().toString(),
          RandomGenerator.getDefault());
      atom.attach(loop);
      loops.add(loop);
      loop.start();
    }
    return atom;
  }

  @Override
  public UUID clientId() {
    return store.clientId();
  }

  private @Nullable SyncTransport transport(SyncOptions options, Codec atomCodec) {
    if (options.syncTransport() != null) {
      return options.syncTransport();
    }
    URI server = options.server();
    if (server == null) {
      return null;
    }
    HttpClient client = options.httpClient() != null ? options.httpClient() : ownHttpClient();
    RandomGenerator random = RandomGenerator.getDefault();
    return new HttpTransport(client, server, options.token(), atomCodec,
        () -> new Backoff(options.minBackoff(), options.maxBackoff(), random),
        options.requestTimeout());
  }

  private HttpClient ownHttpClient() {
    if (http == null) {
      // HTTP/1.1 spares every first request an h2c upgrade attempt the server does not need.
      http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();
    }
    return http;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (SyncLoop loop : loops) {
        loop.close();
      }
      if (http != null) {
        http.shutdownNow();
      }
    } finally {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "AtomSync[" + store + "]";
  }
}
