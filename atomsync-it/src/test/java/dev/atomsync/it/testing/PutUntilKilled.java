package dev.atomsync.it.testing;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * A child process: a client of group {@code crash} that syncs with a server and puts documents
 * {@code crash:<prefix>1}, {@code crash:<prefix>2}, ... (each has its number as value), printing
 * "put ID" after each put returned, until it is killed or has put {@code args[2]}. It prints
 * "conflict ID" for every conflict its sync loop settles, and "done" after the last put.
 *
 * <p>Arguments: the client file, the server's sync URI, how many documents to put, and optionally
 * the id prefix (default none).
 */
public final class PutUntilKilled {
  /** The group the child writes to. */
  public static final String GROUP = "crash";

  private PutUntilKilled() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    AtomSync db = AtomSync.open(Path.of(args[0]));
    SyncedAtom atom = db.atom(GROUP, SyncOptions.server(URI.create(args[1])));
    atom.addConflictListener((a, conflict) -> print(out, "conflict " + conflict.id()));
    long count = Long.parseLong(args[2]);
    String prefix = args.length > 3 ? args[3] : "";
    for (long n = 1; n <= count; n++) {
      String id = GROUP + ":" + prefix + n;
      atom.put(id, n);
      print(out, "put " + id);
    }
    print(out, "done");
    Thread.sleep(Long.MAX_VALUE); // wait for the kill, never closing the store
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
