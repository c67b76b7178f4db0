package dev.atomsync.it.testing;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.server.AtomSyncServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Opens client stores on files {@code <dir>/<name>.db} and their synced atoms, and closes them all
 * at the end of a test. A name is one client installation: opening it again after {@link
 * #close(SyncedAtom)} reopens the same file.
 */
public final class Clients implements AutoCloseable {
  /** The pull interval of {@link #options()}: short, so that tests need not rely on live events. */
  public static final Duration FAST_PULL = Duration.ofMillis(200);

  /** A pull interval no test waits for: what arrives sooner came through the live-event stream. */
  public static final Duration SLOW_PULL = Duration.ofSeconds(60);

  private record Opened(AtomSync db, String name, SyncOptions options) {}

  private final Path dir;
  private final Supplier<URI> syncUri;
  private final Map<SyncedAtom, Opened> open = new IdentityHashMap<>();

  /** Returns a factory for clients of {@code server} with files in {@code dir}. */
  public Clients(Path dir, SyncServer server) {
    this(dir, requireNonNull(server, "server")::syncUri);
  }

  /** Returns a factory for clients of {@code node} with files in {@code dir}. */
  public Clients(Path dir, AtomSyncServer node) {
    this(dir, requireNonNull(node, "node")::syncUri);
  }

  private Clients(Path dir, Supplier<URI> syncUri) {
    this.dir = requireNonNull(dir, "dir");
    this.syncUri = syncUri;
  }

  /** Returns options for the server's sync endpoint with a {@link #FAST_PULL} interval. */
  public SyncOptions options() {
    return options(syncUri.get());
  }

  /** Returns options for the sync endpoint {@code syncUri} with a {@link #FAST_PULL} interval. */
  public SyncOptions options(URI syncUri) {
    return SyncOptions.server(syncUri).pullInterval(FAST_PULL);
  }

  /** Returns the file of client {@code name}. */
  public Path file(String name) {
    return dir.resolve(name + ".db");
  }

  /** Opens client {@code name} and its atom of {@code group} with {@link #options()}. */
  public SyncedAtom open(String name, String group) {
    return open(name, group, options());
  }

  /** Opens client {@code name} and its atom of {@code group} with {@code options}. */
  public SyncedAtom open(String name, String group, SyncOptions options) {
    AtomSync db = AtomSync.open(file(name));
    try {
      SyncedAtom atom = db.atom(group, options);
      open.put(atom, new Opened(db, name, options));
      return atom;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Returns the store that {@code atom} lives in. */
  public AtomSync db(SyncedAtom atom) {
    return opened(atom).db();
  }

  /** Closes the client of {@code atom}, as an application that exits cleanly. */
  public void close(SyncedAtom atom) {
    Opened opened = open.remove(atom);
    if (opened == null) {
      throw new IllegalArgumentException("not an open client's atom: " + atom);
    }
    opened.db().close();
  }

  /** Closes the client of {@code atom} and opens its file again with the same group and options. */
  public SyncedAtom reopen(SyncedAtom atom) {
    Opened opened = opened(atom);
    close(atom);
    return open(opened.name(), atom.group(), opened.options());
  }

  private Opened opened(SyncedAtom atom) {
    Opened opened = open.get(atom);
    if (opened == null) {
      throw new IllegalArgumentException("not an open client's atom: " + atom);
    }
    return opened;
  }

  /** Closes every client still open. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Opened opened : open.values()) {
      try {
        opened.db().close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    open.clear();
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}
