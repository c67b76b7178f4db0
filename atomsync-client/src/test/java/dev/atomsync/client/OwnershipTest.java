package dev.atomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.client.spi.LocalStoreException;
import dev.atomsync.client.testing.ChildJvm;
import dev.atomsync.client.testing.HoldFile;
import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One local file, one owner: a second open fails at once and leaves the file as it was. */
class OwnershipTest {
  @TempDir Path dir;

  @Test
  void secondOpenInSameProcess_failsUntilTheFirstCloses() {
    Path file = dir.resolve("client.db");
    AtomSync first = AtomSync.open(file);
    first.atom("todo").put("todo:1", "milk");

    assertThatThrownBy(() -> AtomSync.open(file))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("already open in this process");
    assertThatThrownBy(() -> AtomSync.open(dir.resolve(".").resolve("client.db")))
        .isInstanceOf(LocalStoreException.class);

    first.atom("todo").put("todo:2", "bread");
    first.close();
    try (AtomSync second = AtomSync.open(file)) {
      assertThat(second.atom("todo").deref()).containsOnlyKeys("todo:1", "todo:2");
    }
  }

  @Test
  @Timeout(60)
  void openWhileAnotherProcessHoldsTheFile_failsUntilItIsGone() throws Exception {
    Path file = dir.resolve("client.db");
    Process holder = ChildJvm.start(HoldFile.class, file.toString());
    try {
      BufferedReader out = ChildJvm.stdout(holder);
      assertThat(out.readLine()).isEqualTo("ready");

      assertThatThrownBy(() -> AtomSync.open(file))
          .isInstanceOf(LocalStoreException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("another process has it open");
    } finally {
      holder.destroyForcibly();
    }
    assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (AtomSync db = AtomSync.open(file)) {
      assertThat(db.atom("todo").get("todo:held")).isEqualTo("by another process");
    }
  }

  @Test
  void openInMissingDirectory_failsNamingIt() {
    Path file = dir.resolve("missing").resolve("client.db");

    assertThatThrownBy(() -> AtomSync.open(file))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("does not exist");
  }
}
