package dev.atomsync.it.testing;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * A child process: a client of group {@code crash} that syncs with a server and puts documents
 * {@code crash:1}, {@code crash:2}, ... (document {@code crash:N} has the value N), printing
 * "put crash:N" after each put returned, until it is killed or has put {@code args[2]}.
 *
 * <p>Arguments: the client file, the server's sync URI, how many documents to put.
 */
public final class PutUntilKilled {
  /** The group the child writes to. */
  public static final String GROUP = "crash";

  private PutUntilKilled() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    AtomSync db = AtomSync.open(Path.of(args[0]));
    SyncedAtom atom = db.atom(GROUP, SyncOptions.server(URI.create(args[1])));
    long count = Long.parseLong(args[2]);
    for (long n = 1; n <= count; n++) {
      atom.put(GROUP + ":" + n, n);
      out.println("put " + GROUP + ":" + n);
      out.flush();
    }
    out.println("done");
    out.flush();
    Thread.sleep(Long.MAX_VALUE); // wait for the kill, never closing the store
  }
}
