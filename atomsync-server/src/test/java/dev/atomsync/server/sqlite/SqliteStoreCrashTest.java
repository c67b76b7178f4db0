package dev.atomsync.server.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.spi.ManualClock;
import dev.atomsync.server.spi.StoredDoc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process in the middle of pushing and checks that every acknowledged push survived. */
class SqliteStoreCrashTest {
  private static final int ACKS_BEFORE_KILL = 300;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void kill_losesNoAcknowledgedPush() throws Exception {
    Path file = dir.resolve("store.db");
    Process pusher = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            CrashingPusher.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Map<String, Long> acked = new LinkedHashMap<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(pusher.getInputStream(), UTF_8))) {
      String line;
      while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("ack")) {
          acked.put(parts[1], Long.parseLong(parts[2]));
        }
      }
    } finally {
      pusher.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
    }
    assertThat(pusher.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(acked).hasSize(ACKS_BEFORE_KILL);
    try (SqliteStore store = SqliteStore.open(file, new ManualClock())) {
      Map<String, Long> stored = store.pull("todo", 0, 0, 100_000).docs().stream()
          .collect(Collectors.toMap(StoredDoc::id, StoredDoc::seq));
      assertThat(stored).containsAllEntriesOf(acked);
      long highestAcked = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(store.lastSeq()).isGreaterThanOrEqualTo(highestAcked);
      assertThat(store.pull("todo", 0, 0, 100_000).docs()).extracting(StoredDoc::seq).isSorted();
    }
  }
}
