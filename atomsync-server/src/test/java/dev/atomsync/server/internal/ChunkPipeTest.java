package dev.atomsync.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ChunkPipeTest {
  @Test
  void drainTo_passesEveryByteInOrderAcrossThreads() throws Exception {
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    ChunkPipe pipe = new ChunkPipe();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int at = 0; at < body.length; at += 1000) {
        pipe.write(body, at, Math.min(1000, body.length - at));
      }
      pipe.close();
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(pipe.drainTo(out)).isTrue();

    writer.join();
    assertThat(out.toByteArray()).isEqualTo(body);
  }

  @Test
  void drainTo_throwsFailureAfterTheChunksBeforeIt() {
    ChunkPipe pipe = new ChunkPipe();
    pipe.write(new byte[70_000], 0, 70_000);
    pipe.fail(new IllegalStateException("disk gone"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> pipe.drainTo(out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk gone");
    assertThat(out.size()).isEqualTo(64 * 1024);
  }

  @Test
  void drainTo_reportsNothingWrittenForEmptyBody() throws Exception {
    ChunkPipe pipe = new ChunkPipe();
    pipe.close();

    assertThat(pipe.drainTo(new ByteArrayOutputStream())).isFalse();
  }

  @Test
  void write_dropsOutputOnceTheSenderGaveUp() {
    ChunkPipe pipe = new ChunkPipe();
    pipe.write(new byte[100_000], 0, 100_000);
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("client went away");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("client went away");
      }
    };

    assertThatThrownBy(() -> pipe.drainTo(broken)).hasMessage("client went away");
    pipe.write(new byte[1_000_000], 0, 1_000_000);
    pipe.close();
  }
}
