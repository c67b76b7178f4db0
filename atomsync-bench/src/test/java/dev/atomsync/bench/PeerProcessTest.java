package dev.atomsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real node processes; skipped where node is not installed (the peer benchmarks need it). */
class PeerProcessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @BeforeAll
  static void nodeIsInstalled() {
    boolean found;
    try {
      Process probe = new ProcessBuilder("node", "--version").start();
      found = probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (Exception e) {
      found = false;
    }
    assumeTrue(found, "node is not on PATH");
  }

  private PeerProcess node(String script) {
    return PeerProcess.start("test script", dir, List.of("node", "-e", script), line -> {});
  }

  @Test
  void awaitReadyPort_returnsThePortOfTheReadyLine() {
    try (PeerProcess server = node(
        "console.log('starting'); console.log('ready port=40123'); setInterval(() => {}, 1000)")) {
      assertThat(server.awaitReadyPort(TIMEOUT)).isEqualTo(40123);
    }
  }

  @Test
  void awaitResult_parsesTheLastNonBlankStdoutLine() {
    try (PeerProcess client = node("console.log('progress');"
        + " console.log(JSON.stringify({docsPerSecond: 12.5})); console.log('')")) {
      JsonNode result = client.awaitResult(TIMEOUT);
      assertThat(result.get("docsPerSecond").doubleValue()).isEqualTo(12.5);
    }
  }

  @Test
  void failedScript_throwsWithTheTailOfStderr() {
    try (PeerProcess client =
        node("console.error('replication broke: ECONNREFUSED'); process.exit(3)")) {
      assertThatThrownBy(() -> client.awaitResult(TIMEOUT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited with status 3")
          .hasMessageContaining("replication broke: ECONNREFUSED");
    }
  }

  @Test
  void awaitReadyPort_failsWhenTheProcessExitsFirst() {
    try (PeerProcess server = node("console.error('EADDRINUSE'); process.exit(1)")) {
      assertThatThrownBy(() -> server.awaitReadyPort(TIMEOUT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before its ready line")
          .hasMessageContaining("EADDRINUSE");
    }
  }

  @Test
  void close_stopsTheProcessAndItsDescendants() throws Exception {
    PeerProcess parent = node("const child = require('child_process').spawn(process.execPath,"
        + " ['-e', 'setInterval(() => {}, 1000)'], {stdio: 'ignore'});"
        + " console.log('ready port=' + child.pid); setInterval(() => {}, 1000)");
    long childPid = parent.awaitReadyPort(TIMEOUT);
    ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
    assertThat(child.isAlive()).isTrue();

    parent.close();

    child.onExit().get(10, TimeUnit.SECONDS);
    assertThat(child.isAlive()).isFalse();
  }
}
