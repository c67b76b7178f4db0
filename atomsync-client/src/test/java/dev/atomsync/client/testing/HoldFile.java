package dev.atomsync.client.testing;

import dev.atomsync.client.AtomSync;
import java.nio.file.Path;

/** A child process that opens a client file, says "ready", and keeps it until its stdin closes. */
public final class HoldFile {
  private HoldFile() {}

  /** Opens {@code args[0]} and holds it. */
  public static void main(String[] args) throws Exception {
    try (AtomSync db = AtomSync.open(Path.of(args[0]))) {
      db.atom("todo").put("todo:held", "by another process");
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() != -1) {
        // Hold the file until the parent closes our stdin or kills us.
      }
    }
  }
}
