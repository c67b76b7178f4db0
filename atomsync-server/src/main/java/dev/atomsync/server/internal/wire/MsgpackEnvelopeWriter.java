package dev.atomsync.server.internal.wire;

import dev.atomsync.core.internal.JsonOut;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Writes Transit MessagePack as transit-java does (real maps, instants as {@code ["~#m", millis]}),
 * without a cache, transcoding each document value from its stored JSON.
 */
final class MsgpackEnvelopeWriter implements EnvelopeWriter {
  private final MessagePacker packer;
  private final MsgpackTranscoder transcoder = new MsgpackTranscoder();

  MsgpackEnvelopeWriter(OutputStream out) {
    this.packer = MessagePack.newDefaultPacker(out);
  }

  @Override
  public void mapStart(int entries) throws IOException {
    packer.packMapHeader(entries);
  }

  @Override
  public void mapEnd() {}

  @Override
  public void arrayStart(int items) throws IOException {
    packer.packArrayHeader(items);
  }

  @Override
  public void arrayEnd() {}

  @Override
  public void keyword(WireKeyword keyword) throws IOException {
    packer.packRawStringHeader(keyword.text.length);
    packer.writePayload(keyword.text);
  }

  @Override
  public void string(String text) throws IOException {
    packer.packString(JsonOut.needsTransitEscape(text) ? "~" + text : text);
  }

  @Override
  public void integer(long value) throws IOException {
    packer.packLong(value);
  }

  @Override
  public void bool(boolean value) throws IOException {
    packer.packBoolean(value);
  }

  @Override
  public void nil() throws IOException {
    packer.packNil();
  }

  @Override
  public void instant(Instant instant) throws IOException {
    packer.packArrayHeader(2);
    packer.packString("~#m");
    packer.packLong(instant.toEpochMilli());
  }

  @Override
  public void value(RawValue value) throws IOException {
    transcoder.write(value, packer);
  }

  @Override
  public void finish() throws IOException {
    packer.flush();
  }
}
