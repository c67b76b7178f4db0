package dev.atomsync.server.internal.wire;

import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Writes the protocol's own maps and vectors around document values, in one of the two formats.
 * Sizes are given up front because MessagePack needs them; JSON ignores them. Not thread-safe.
 */
interface EnvelopeWriter {
  /** Returns a writer of {@code format} to {@code out}. */
  static EnvelopeWriter of(WireFormat format, OutputStream out) {
    return format == WireFormat.JSON ? new JsonEnvelopeWriter(out) : new MsgpackEnvelopeWriter(out);
  }

  void mapStart(int entries) throws IOException;

  void mapEnd() throws IOException;

  void arrayStart(int items) throws IOException;

  void arrayEnd() throws IOException;

  void keyword(WireKeyword keyword) throws IOException;

  /**
   * Writes {@code text} as a Transit string, escaping a leading {@code ~}, {@code ^} or {@code `}.
   */
  void string(String text) throws IOException;

  void integer(long value) throws IOException;

  void bool(boolean value) throws IOException;

  void nil() throws IOException;

  /** Writes Transit's instant ({@code m}), in milliseconds. */
  void instant(Instant instant) throws IOException;

  void value(RawValue value) throws IOException;

  /** Writes out whatever is still buffered; does not close the stream. */
  void finish() throws IOException;
}
