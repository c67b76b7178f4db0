package dev.atomsync.server.internal.wire;

import dev.atomsync.core.internal.JsonOut;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Writes Transit JSON without a cache: the values spliced in have no references either, so nothing
 * in a response can disagree about what a reference means. The output goes out in chunks of about
 * 32 KiB.
 */
final class JsonEnvelopeWriter implements EnvelopeWriter {
  private static final int CHUNK = 32 * 1024;

  private final OutputStream sink;
  private final JsonOut out = new JsonOut(CHUNK + 4096);

  /** Bit d is set when the next value at depth d needs a comma before it. */
  private long commas;

  private int depth;

  JsonEnvelopeWriter(OutputStream sink) {
    this.sink = sink;
  }

  @Override
  public void mapStart(int entries) {
    beforeValue();
    out.raw("[\"^ \"");
    commas |= 1L << ++depth;
  }

  @Override
  public void mapEnd() throws IOException {
    end();
  }

  @Override
  public void arrayStart(int items) {
    beforeValue();
    out.raw('[');
    commas &= ~(1L << ++depth);
  }

  @Override
  public void arrayEnd() throws IOException {
    end();
  }

  private void end() throws IOException {
    out.raw(']');
    depth--;
    drainIfFull();
  }

  @Override
  public void keyword(WireKeyword keyword) {
    beforeValue();
    out.raw(keyword.json);
  }

  @Override
  public void string(String text) {
    beforeValue();
    out.transitString(text);
  }

  @Override
  public void integer(long value) {
    beforeValue();
    if (!WireLimits.isJsonSafe(value)) {
      out.numberString("~i", value);
    } else {
      out.number(value);
    }
  }

  @Override
  public void bool(boolean value) {
    beforeValue();
    out.raw(value ? "true" : "false");
  }

  @Override
  public void nil() {
    beforeValue();
    out.raw("null");
  }

  @Override
  public void instant(Instant instant) {
    beforeValue();
    out.numberString("~m", instant.toEpochMilli());
  }

  @Override
  public void value(RawValue value) throws IOException {
    beforeValue();
    out.raw(value.bytes());
    drainIfFull();
  }

  @Override
  public void finish() throws IOException {
    out.writeTo(sink);
    out.reset();
  }

  private void beforeValue() {
    long bit = 1L << depth;
    if ((commas & bit) != 0) {
      out.raw(',');
    } else {
      commas |= bit;
    }
  }

  private void drainIfFull() throws IOException {
    if (out.size() >= CHUNK) {
      out.writeTo(sink);
      out.reset();
    }
  }
}
