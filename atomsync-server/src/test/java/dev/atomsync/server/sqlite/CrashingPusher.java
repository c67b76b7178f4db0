package dev.atomsync.server.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/**
 * Pushes to a store until killed, printing {@code ack <id> <seq>} after each push returned: the
 * process {@link SqliteStoreCrashTest} kills with SIGKILL.
 */
final class CrashingPusher {
  private CrashingPusher() {}

  /** Pushes to the store in {@code args[0]} forever. */
  public static void main(String[] args) {
    // Logging may also write to stdout; acks go to the raw descriptor, one flushed line each.
    PrintStream acks = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    SqliteStore store = SqliteStore.open(Path.of(args[0]), InstantSource.system());
    for (long i = 0; ; i++) {
      String id = "todo:" + i;
      StoredChange change =
          new StoredChange(id, Op.PUT, ("value " + i).getBytes(UTF_8), 0, UUID.randomUUID());
      Applied applied = (Applied) store.push("todo", "crash", List.of(change)).outcomes().getFirst();
      acks.println("ack " + id + " " + applied.seq());
    }
  }
}
