package dev.atomsync.server.internal.wire;

import static dev.atomsync.server.testing.Wire.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RawValueTest {
  @Test
  void of_writesValuesAsTheyAppearInPlace() {
    assertThat(RawValue.of("hello", Codec.standard())).hasToString("\"hello\"");
    assertThat(RawValue.of(kw("a"), Codec.standard())).hasToString("\"~:a\"");
    assertThat(RawValue.of(Map.of(kw("text"), "x"), Codec.standard()))
        .hasToString("[\"^ \",\"~:text\",\"x\"]");
    assertThat(RawValue.of(12L, Codec.standard())).hasToString("12");
    assertThat(RawValue.of(1L << 60, Codec.standard())).hasToString("\"~i1152921504606846976\"");
    assertThat(RawValue.of(Double.NaN, Codec.standard())).hasToString("\"~zNaN\"");
    assertThat(RawValue.of(new LinkedHashSet<>(List.of(1L)), Codec.standard()))
        .hasToString("[\"~#set\",[1]]");
  }

  @Test
  void of_expandsTheCache_soThatTheBytesStandAlone() {
    Map<Object, Object> inner = Map.of(kw("long-keyword"), kw("long-keyword"));
    List<Object> value = List.of(inner, inner, inner);

    RawValue raw = RawValue.of(value, Codec.standard());

    assertThat(new String(Codec.standard().encode(value, WireFormat.JSON), StandardCharsets.UTF_8))
        .contains("\"^0\"");
    assertThat(raw.toString())
        .doesNotContainPattern("\"\\^[^ ]")
        .contains("\"~:long-keyword\",\"~:long-keyword\"");
    assertThat(raw.decode(Codec.standard())).isEqualTo(value);
  }

  @Test
  void of_thenDecode_givesTheValueBack() {
    Map<Object, Object> value = new LinkedHashMap<>();
    value.put(kw("id"), UUID.randomUUID());
    value.put(kw("at"), Instant.parse("2024-01-02T03:04:05.123456789Z"));
    value.put(kw("price"), new BigDecimal("12.50"));
    value.put(List.of(1L, 2L), TransitFactory.taggedValue("x/point", List.of(3L)));
    value.put(null, "nil key");

    Object decoded = RawValue.of(value, Codec.standard()).decode(Codec.standard());

    SameValue.check(value, decoded);
  }

  @Test
  void parse_takesAnyWriterOutput_andGivesTheStoredForm() {
    byte[] quoted = "[\"~#'\",\"~:a\"]".getBytes(StandardCharsets.UTF_8);
    byte[] verbose = "{\"~:text\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(RawValue.parse(quoted, WireFormat.JSON))
        .isEqualTo(RawValue.of(kw("a"), Codec.standard()));
    assertThat(RawValue.parse(verbose, WireFormat.JSON))
        .isEqualTo(RawValue.of(Map.of(kw("text"), "x"), Codec.standard()));
    assertThat(
            RawValue.parse(
                Codec.standard().encode(List.of(1L, "x"), WireFormat.MSGPACK), WireFormat.MSGPACK))
        .hasToString("[1,\"x\"]");
  }

  @Test
  void parse_refusesWhatTheCodecWouldRefuse() {
    assertThatThrownBy(
            () -> RawValue.parse("[\"~uxyz\"]".getBytes(StandardCharsets.UTF_8), WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed application/transit+json: bad ~uxyz");
    assertThatThrownBy(() -> RawValue.parse(new byte[0], WireFormat.MSGPACK))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void storage_copiesInBothDirections() {
    byte[] stored = "[1,2]".getBytes(StandardCharsets.UTF_8);
    RawValue raw = RawValue.fromStorage(stored);
    stored[1] = '9';
    byte[] out = raw.toStorage();
    out[3] = '9';

    assertThat(raw).hasToString("[1,2]");
    assertThat(raw.length()).isEqualTo(5);
    assertThatThrownBy(() -> RawValue.fromStorage(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromStorage_normalizesWhatTheCodecStoredBefore() {
    Map<Object, Object> inner = Map.of(kw("long-keyword"), kw("long-keyword"));
    for (Object value : List.of("hello", kw("a"), 5L, List.of(inner, inner), "^ not a ref")) {
      byte[] legacy = Codec.standard().encode(value, WireFormat.JSON);

      assertThat(RawValue.fromStorage(legacy))
          .as(value.toString())
          .isEqualTo(RawValue.of(value, Codec.standard()));
    }
  }

  @Test
  void adoptStored_keepsTheBytesThemselvesOrNormalizesLikeFromStorage() {
    byte[] stored = "[\"^ \",\"~:a\",\"milk\"]".getBytes(StandardCharsets.UTF_8);
    Map<Object, Object> inner = Map.of(kw("long-keyword"), kw("long-keyword"));
    byte[] legacy = Codec.standard().encode(List.of(inner, inner), WireFormat.JSON);

    assertThat(RawValue.adoptStored(stored).bytes()).isSameAs(stored);
    assertThat(RawValue.adoptStored(legacy)).isEqualTo(RawValue.fromStorage(legacy));
  }

  @Test
  void adoptStored_findsAReferenceAndKeepsAMapMarkerAtEveryOffsetOfAWord() {
    Map<Object, Object> first = Map.of(kw("long-keyword"), 1L);
    Map<Object, Object> second = Map.of(kw("long-keyword"), 2L);
    for (int pad = 0; pad < 20; pad++) {
      List<Object> value = List.of("x".repeat(pad), first, second);
      byte[] legacy = Codec.standard().encode(value, WireFormat.JSON);
      byte[] canonical = RawValue.of(value, Codec.standard()).toStorage();

      assertThat(new String(legacy, StandardCharsets.UTF_8)).as("pad %d", pad).contains("\"^0\"");
      assertThat(RawValue.adoptStored(legacy)).as("pad %d", pad)
          .isEqualTo(RawValue.of(value, Codec.standard()));
      assertThat(RawValue.adoptStored(canonical).bytes()).as("pad %d", pad).isSameAs(canonical);
    }
  }

  @Test
  void fromStorage_keepsStoredFormAsItIs() {
    byte[] stored = "[\"^ \",\"~:a\",\"say \\\"^_^\\\"\"]".getBytes(StandardCharsets.UTF_8);

    assertThat(RawValue.fromStorage(stored).toStorage()).isEqualTo(stored);
  }

  @Test
  void equality_isByContent() {
    RawValue a = RawValue.of(List.of(1L, "x"), Codec.standard());
    RawValue b = RawValue.fromStorage("[1,\"x\"]".getBytes(StandardCharsets.UTF_8));

    assertThat(a)
        .isEqualTo(b)
        .hasSameHashCodeAs(b)
        .isNotEqualTo(RawValue.of(List.of(1L), Codec.standard()));
  }

  @Test
  void writeTo_writesTheStoredBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RawValue.of("hi", Codec.standard()).writeTo(out);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\"hi\"");
  }

  @Test
  void toString_cutsLongValuesShort() {
    assertThat(RawValue.of("x".repeat(500), Codec.standard()).toString())
        .hasSize(203)
        .endsWith("...");
  }
}
