package dev.atomsync.client.testing;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncedAtom;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A child process whose threads swap on one atom until it is killed, each printing "swapped T N"
 * after its swap N returned; the swap adds document {@code burst:T-N} = N.
 */
public final class SwapConcurrentlyUntilKilled {
  private SwapConcurrentlyUntilKilled() {}

  /** Swaps on the file {@code args[0]} from {@code args[1]} threads. */
  public static void main(String[] args) {
    PrintStream out = System.out;
    AtomSync db = AtomSync.open(Path.of(args[0]));
    SyncedAtom burst = db.atom("burst");
    int threads = Integer.parseInt(args[1]);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread.ofPlatform().start(() -> {
        for (long n = 1; ; n++) {
          String id = "burst:" + thread + "-" + n;
          long value = n;
          burst.swap(m -> m.plus(id, value));
          synchronized (out) {
            out.println("swapped " + thread + " " + n);
            out.flush();
          }
        }
      });
    }
  }
}
