package dev.atomsync.server.internal.wire;

import static dev.atomsync.server.testing.Wire.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushResponse;
import dev.atomsync.core.PushResult;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResponseBodyWriterTest {
  private static final Instant UPDATED = Instant.parse("2024-05-06T07:08:09.123456Z");
  private static final Object VALUE = Map.of(kw("title"), "milk", kw("done"), false);

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void doc_isWrittenByteForByteAsTransitJavaWritesIt(WireFormat format) throws IOException {
    // One document repeats no cacheable string, so transit-java's output has no references either.
    Doc doc = new Doc("todo:1", VALUE, 3, false, 41, UPDATED);

    byte[] written = write(out -> ResponseBodyWriter.writeDoc(wire(doc), format, out));

    assertThat(written).isEqualTo(Codec.standard().encode(doc.toTransit(), format));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void pull_decodesToTheResponseItStandsFor(WireFormat format) throws IOException {
    List<Doc> docs =
        List.of(
            new Doc("todo:1", VALUE, 3, false, 41, UPDATED),
            new Doc("todo:2", null, 6, true, 42, UPDATED),
            new Doc("todo:3", "plain", 1L << 60, false, (1L << 53) + 1, Instant.EPOCH),
            new Doc("todo:~x", List.of(kw("a"), 1.5), 1, false, 43, UPDATED));
    PullResponse expected = new PullResponse(docs, 43, true, false, 7);

    byte[] written =
        write(
            out ->
                ResponseBodyWriter.writePull(
                    new WirePull(wire(docs), 43, true, false, 7), format, out));

    assertThat(PullResponse.fromTransit(Codec.standard().decode(written, format)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void push_decodesToTheResponseItStandsFor(WireFormat format) throws IOException {
    Doc current = new Doc("todo:7", VALUE, 6, false, 40, UPDATED);
    PushResponse expected =
        new PushResponse(
            List.of(
                new PushResult.Ok("todo:1", 3, 42),
                new PushResult.Conflict("todo:7", current),
                new PushResult.Conflict("todo:9", null)),
            42);
    WirePush push =
        new WirePush(
            List.of(
                new WireResult.Ok("todo:1", 3, 42),
                new WireResult.Conflict("todo:7", wire(current)),
                new WireResult.Conflict("todo:9", null)),
            42);

    byte[] written = write(out -> ResponseBodyWriter.writePush(push, format, out));

    assertThat(PushResponse.fromTransit(Codec.standard().decode(written, format)))
        .isEqualTo(expected);
  }

  @Test
  void json_hasNoCacheReferences() throws IOException {
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      docs.add(new Doc("todo:" + i, VALUE, 1, false, i, UPDATED));
    }

    String written =
        new String(
            write(
                out ->
                    ResponseBodyWriter.writePull(
                        new WirePull(wire(docs), 49, false, false, 0), WireFormat.JSON, out)),
            StandardCharsets.UTF_8);

    assertThat(written.split("\"~:id\"", -1)).hasSize(51);
    assertThat(written.split("\"~:title\"", -1)).hasSize(51);
    assertThat(written).doesNotContain("\"^0");
  }

  @Test
  void emptyPull_isAMapWithAnEmptyVector() throws IOException {
    byte[] written =
        write(
            out ->
                ResponseBodyWriter.writePull(
                    new WirePull(List.of(), 0, false, true, 0), WireFormat.JSON, out));

    assertThat(new String(written, StandardCharsets.UTF_8))
        .isEqualTo(
            "[\"^ \",\"~:docs\",[],\"~:cursor\",0,\"~:more\",false,\"~:reset\",true,\"~:horizon\",0]");
  }

  @Test
  void largeResponses_goOutInChunks() throws IOException {
    RawValue value = RawValue.of("x".repeat(1000), Codec.standard());
    List<WireDoc> docs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      docs.add(new WireDoc("todo:" + i, value, 1, false, i, UPDATED));
    }
    List<Integer> writes = new ArrayList<>();
    OutputStream counting =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.add(1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(len);
          }
        };

    ResponseBodyWriter.writePull(
        new WirePull(docs, 999, false, false, 0), WireFormat.JSON, counting);

    assertThat(writes).hasSizeGreaterThan(10).allMatch(size -> size < 64 * 1024);
  }

  @Test
  void corruptStoredValue_failsInMessagePack() {
    WireDoc doc =
        new WireDoc(
            "todo:1",
            RawValue.fromStorage("[1,".getBytes(StandardCharsets.UTF_8)),
            1,
            false,
            1,
            UPDATED);

    assertThatThrownBy(
            () -> ResponseBodyWriter.writeDoc(doc, WireFormat.MSGPACK, new ByteArrayOutputStream()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("a stored value is not valid");
  }

  private interface Writing {
    void to(OutputStream out) throws IOException;
  }

  @Test
  void pullStream_writesTheBytesOfTheWholePageWriter() throws IOException {
    List<WireDoc> docs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      docs.add(wire(new Doc("todo:" + i, i % 7 == 0 ? null : VALUE, 1, i % 7 == 0, i + 1, UPDATED)));
    }
    for (List<WireDoc> page : List.of(docs, List.<WireDoc>of())) {
      WirePull pull = new WirePull(page, 500, true, false, 3);

      byte[] streamed = write(out -> {
        PullStreamWriter stream = new PullStreamWriter(out);
        for (WireDoc doc : page) {
          stream.doc(doc);
        }
        stream.end(500, true, false, 3);
      });

      assertThat(streamed)
          .isEqualTo(write(out -> ResponseBodyWriter.writePull(pull, WireFormat.JSON, out)));
    }
  }

  private static byte[] write(Writing writing) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writing.to(out);
    return out.toByteArray();
  }

  private static WireDoc wire(Doc doc) {
    RawValue value = doc.value() == null ? null : RawValue.of(doc.value(), Codec.standard());
    return new WireDoc(doc.id(), value, doc.version(), doc.deleted(), doc.seq(), doc.updated());
  }

  private static List<WireDoc> wire(List<Doc> docs) {
    return docs.stream().map(ResponseBodyWriterTest::wire).toList();
  }
}
