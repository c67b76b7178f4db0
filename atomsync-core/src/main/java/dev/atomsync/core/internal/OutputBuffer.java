package dev.atomsync.core.internal;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growable byte array that a pooled writer writes into again and again. Unlike {@link
 * java.io.ByteArrayOutputStream} it can shed its array: after writing something large it goes back
 * to a small one, so an idle writer in a {@link Pool} holds at most {@link #RETAINED} bytes.
 * Single-threaded.
 */
final class OutputBuffer extends OutputStream {
  /** The largest array kept between writes: a push of a thousand small documents fits. */
  static final int RETAINED = 1024 * 1024;

  private static final int INITIAL = 1024;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private byte[] bytes = new byte[INITIAL];
  private int size;

  @Override
  public void write(int b) {
    ensureCapacity(size + 1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureCapacity(size + len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** Returns a copy of the bytes written since the last {@link #reset()}. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** Forgets the bytes written, and the array too when it grew beyond {@link #RETAINED}. */
  void reset() {
    size = 0;
    if (bytes.length > RETAINED) {
      bytes = new byte[INITIAL];
    }
  }

  private void ensureCapacity(int needed) {
    if (needed < 0 || needed > MAX_ARRAY) {
      throw new OutOfMemoryError("encoding is larger than " + MAX_ARRAY + " bytes");
    }
    if (needed > bytes.length) {
      int doubled = (int) Math.min(MAX_ARRAY, 2L * bytes.length);
      bytes = Arrays.copyOf(bytes, Math.max(needed, doubled));
    }
  }
}
