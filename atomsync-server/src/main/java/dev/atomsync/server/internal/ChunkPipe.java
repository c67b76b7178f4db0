package dev.atomsync.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Carries a response body from the thread that makes it to the thread that sends it, in chunks.
 *
 * <p>Why: a pull reads its page inside a read transaction, and the client receives it over the
 * network; on one thread those two run one after the other, and the reader stays lent out as long
 * as a slow client takes. Through the pipe the sender starts on the first chunk while the page is
 * still being read, and the reader goes back to its pool as soon as the page is read, whatever
 * the client's speed. The pipe holds what the sender has not sent yet, at most one page (the
 * buffered response it replaces held all of it too).
 *
 * <p>One thread writes ({@link #write}, then {@link #close} or {@link #fail}), one thread calls
 * {@link #drainTo}.
 */
public final class ChunkPipe extends OutputStream {
  private static final int CHUNK = 64 * 1024;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
  private byte[] chunk = new byte[CHUNK];
  private int size;
  private volatile boolean abandoned;

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (abandoned) {
      return;
    }
    while (length > 0) {
      int n = Math.min(length, CHUNK - size);
      System.arraycopy(bytes, offset, chunk, size, n);
      size += n;
      offset += n;
      length -= n;
      if (size == CHUNK) {
        passFullChunk();
      }
    }
  }

  /** Hands on what was written so far, and marks the end of the body. */
  @Override
  public void close() {
    if (size > 0) {
      chunks.add(Arrays.copyOf(chunk, size));
      size = 0;
    }
    chunks.add(END);
  }

  /** Ends the body with {@code failure}, which {@link #drainTo} throws after the chunks before. */
  public void fail(Throwable failure) {
    chunks.add(failure);
  }

  /**
   * Writes every chunk to {@code out} as it arrives, until the end; returns whether anything was
   * written.
   *
   * @throws RuntimeException the failure the writer ended with, as it was (an exception other
   *     than a runtime exception or error is wrapped)
   * @throws IOException when writing to {@code out} fails; the writer's further output is dropped
   * @throws InterruptedException when interrupted while waiting; the writer's output is dropped
   */
  public boolean drainTo(OutputStream out) throws IOException, InterruptedException {
    boolean wrote = false;
    try {
      while (true) {
        Object next = chunks.take();
        if (next == END) {
          return wrote;
        }
        if (next instanceof byte[] bytes) {
          out.write(bytes);
          wrote = true;
        } else {
          throw rethrow((Throwable) next);
        }
      }
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      abandoned = true;
      throw e;
    }
  }

  private void passFullChunk() {
    chunks.add(chunk);
    chunk = new byte[CHUNK];
    size = 0;
  }

  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof IOException io) {
      throw new UncheckedIOException(io);
    }
    throw new IllegalStateException(failure);
  }
}
