package dev.atomsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.internal.SqliteLocalStore;
import dev.atomsync.client.spi.LocalStore;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.testing.ChildJvm;
import dev.atomsync.client.testing.SwapConcurrentlyUntilKilled;
import dev.atomsync.client.testing.SwapUntilKilled;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process in the middle of swapping and checks that every returned swap survived. */
class CrashTest {
  private static final int SWAPS_BEFORE_KILL = 300;
  private static final int THREADS = 8;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void sigkill_losesNoSwapThatReturned() throws Exception {
    Path file = dir.resolve("client.db");
    Process swapper = ChildJvm.start(SwapUntilKilled.class, file.toString());
    List<Long> returned = new ArrayList<>();
    try {
      BufferedReader out = ChildJvm.stdout(swapper);
      String line;
      while (returned.size() < SWAPS_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("swapped ")) {
          returned.add(Long.parseLong(line.substring("swapped ".length())));
        }
      }
    } finally {
      swapper.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
    }
    assertThat(swapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(returned).hasSize(SWAPS_BEFORE_KILL);
    long last = returned.getLast();

    try (AtomSync db = AtomSync.open(file)) {
      DocMap value = db.atom("crash").deref();
      for (long n : returned) {
        assertThat(value.get("crash:" + n)).as("document of swap %d", n).isEqualTo(n);
      }
      assertThat((Long) value.get("crash:counter")).isGreaterThanOrEqualTo(last);
      assertThat(value).hasSize(Math.toIntExact((Long) value.get("crash:counter")) + 1);
    }
    try (LocalStore store = SqliteLocalStore.open(file, Durability.FULL)) {
      Map<String, OutboxEntry> outbox = store.outbox("crash").stream()
          .collect(Collectors.toMap(OutboxEntry::id, entry -> entry));
      for (long n : returned) {
        assertThat(outbox).as("outbox entry of swap %d", n).containsKey("crash:" + n);
      }
      assertThat(outbox).containsKey("crash:counter");
      assertThat(store.pendingCount("crash")).isEqualTo(outbox.size());
    }
  }

  @Test
  @Timeout(120)
  void sigkillDuringAConcurrentBurst_losesNoSwapThatReturned() throws Exception {
    Path file = dir.resolve("burst.db");
    Process swapper =
        ChildJvm.start(SwapConcurrentlyUntilKilled.class, file.toString(), String.valueOf(THREADS));
    List<String> returned = new ArrayList<>();
    try {
      BufferedReader out = ChildJvm.stdout(swapper);
      String line;
      while (returned.size() < SWAPS_BEFORE_KILL * 2 && (line = out.readLine()) != null) {
        if (line.startsWith("swapped ")) {
          String[] threadAndN = line.substring("swapped ".length()).split(" ");
          returned.add("burst:" + threadAndN[0] + "-" + threadAndN[1]);
        }
      }
    } finally {
      swapper.destroyForcibly(); // SIGKILL while the other threads' swaps are queued or committing
    }
    assertThat(swapper.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(returned).hasSize(SWAPS_BEFORE_KILL * 2);

    try (AtomSync db = AtomSync.open(file)) {
      DocMap value = db.atom("burst").deref();
      assertThat(value).containsKeys(returned.toArray(String[]::new));
    }
    try (LocalStore store = SqliteLocalStore.open(file, Durability.FULL)) {
      List<String> outbox = store.outbox("burst").stream().map(OutboxEntry::id).toList();
      assertThat(outbox).containsAll(returned);
    }
  }
}
