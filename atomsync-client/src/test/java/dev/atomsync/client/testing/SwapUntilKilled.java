package dev.atomsync.client.testing;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncedAtom;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A child process that swaps forever and prints "swapped N" after swap N returned, until it is
 * killed. Each swap adds document {@code crash:N} = N and sets {@code crash:counter} to N.
 */
public final class SwapUntilKilled {
  private SwapUntilKilled() {}

  /** Swaps on the file {@code args[0]}. */
  public static void main(String[] args) {
    PrintStream out = System.out;
    AtomSync db = AtomSync.open(Path.of(args[0]));
    SyncedAtom crash = db.atom("crash");
    for (long n = 1; ; n++) {
      long i = n;
      crash.swap(m -> m.plus("crash:" + i, i).plus("crash:counter", i));
      out.println("swapped " + i);
      out.flush();
    }
  }
}
