package dev.atomsync.core;

import static dev.atomsync.core.Transit.kw;
import static dev.atomsync.core.testing.TransitEquality.assertSame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.testing.Fixtures;
import dev.atomsync.core.testing.Fixtures.Blob;
import dev.atomsync.core.testing.Fixtures.Box;
import dev.atomsync.core.testing.Fixtures.Color;
import dev.atomsync.core.testing.Fixtures.Measure;
import dev.atomsync.core.testing.Fixtures.Point;
import dev.atomsync.core.testing.Fixtures.Shape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Records and enums registered with a tag: round trips, conversions, and registration rules. */
class CodecRecordTest {
  private static final Codec CODEC = Fixtures.CODEC;

  /** A record read from maps that other writers, or other versions of it, made. */
  record Temperature(int celsius, Instant at, BigInteger id, BigDecimal price, Date seen) {}

  /** A record that checks its arguments, to see that its own rule is kept. */
  record Positive(long n) {
    Positive {
      if (n <= 0) {
        throw new IllegalArgumentException("n must be positive: " + n);
      }
    }
  }

  private static final Codec VERSIONS =
      Codec.builder()
          .record(Temperature.class, "test/temperature")
          .record(Positive.class, "test/positive")
          .build();

  private static Object roundTrip(Object value, WireFormat format) {
    return CODEC.decode(CODEC.encode(value, format), format);
  }

  /** Returns {@code map} encoded under {@code tag} as another writer would. */
  private static byte[] tagged(String tag, Map<Object, Object> map, WireFormat format) {
    return Codec.standard()
        .encode(com.cognitect.transit.TransitFactory.taggedValue(tag, map), format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsRecordsWithPrimitiveComponents(WireFormat format) {
    Measure measure = new Measure((short) -7, Double.NaN, new BigDecimal("2.50"), Long.MIN_VALUE);

    assertThat(roundTrip(new Point(Integer.MIN_VALUE, Integer.MAX_VALUE), format))
        .isEqualTo(new Point(Integer.MIN_VALUE, Integer.MAX_VALUE));
    assertThat(roundTrip(measure, format)).isEqualTo(measure);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsRecordsNestedInRecordsAndCollections(WireFormat format) {
    Shape shape =
        new Shape(
            "tri",
            new ArrayList<>(List.of(new Point(0, 0), new Point(1, 0), new Point(0, 1))),
            Color.BLUE,
            new LinkedHashMap<>(Map.of(kw("fill"), Color.RED, new Point(9, 9), "key")));
    Box box = new Box(new Point(1, 2), List.of(shape, Map.of(Color.GREEN, shape)), Instant.now());

    assertThat(roundTrip(box, format)).isEqualTo(box);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsRecordsWithNilAndByteArrayComponents(WireFormat format) {
    assertThat(roundTrip(new Box(null, null, Instant.EPOCH), format))
        .isEqualTo(new Box(null, null, Instant.EPOCH));
    assertSame(
        new Blob(new byte[] {1, 2}, new Date(3)),
        roundTrip(new Blob(new byte[] {1, 2}, new Date(3)), format));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsListKindOfListComponent(WireFormat format) {
    Shape shape = new Shape("s", new LinkedList<>(List.of(1L)), Color.RED, Map.of());

    assertThat(((Shape) roundTrip(shape, format)).parts()).isExactlyInstanceOf(LinkedList.class);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsEnumsIncludingConstantsWithBodies(WireFormat format) {
    for (Color color : Color.values()) {
      assertThat(roundTrip(color, format)).isSameAs(color);
    }
    assertThat(roundTrip(Map.of(Color.BLUE, List.of(Color.BLUE)), format))
        .isEqualTo(Map.of(Color.BLUE, List.of(Color.BLUE)));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsRecordsThatAreNotPublic(WireFormat format) {
    assertThat(roundTrip(Fixtures.hidden("s3cret"), format)).isEqualTo(Fixtures.hidden("s3cret"));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_convertsComponentsToTheirDeclaredTypes(WireFormat format) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(kw("celsius"), 21L);
    map.put(kw("at"), new Date(1000)); // a JavaScript client sends dates
    map.put(kw("id"), 7L);
    map.put(kw("price"), 3L);
    map.put(kw("seen"), Instant.ofEpochMilli(2000));

    Object back = VERSIONS.decode(tagged("test/temperature", map, format), format);

    assertThat(back)
        .isEqualTo(
            new Temperature(
                21,
                Instant.ofEpochMilli(1000),
                BigInteger.valueOf(7),
                BigDecimal.valueOf(3),
                new Date(2000)));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ignoresUnknownKeysAndReadsMissingOnesAsNil(WireFormat format) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(kw("celsius"), -3L);
    map.put(kw("added-in-v2"), "ignored");

    assertThat(VERSIONS.decode(tagged("test/temperature", map, format), format))
        .isEqualTo(new Temperature(-3, null, null, null, null));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsIntegerOutsideComponentRange(WireFormat format) {
    byte[] bytes = tagged("test/temperature", Map.of(kw("celsius"), 1L << 40), format);

    assertThatThrownBy(() -> VERSIONS.decode(bytes, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("component celsius")
        .hasMessageContaining("1099511627776");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsFractionForIntegerComponent(WireFormat format) {
    byte[] bytes = tagged("test/temperature", Map.of(kw("celsius"), 1.5), format);

    assertThatThrownBy(() -> VERSIONS.decode(bytes, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("component celsius needs an integer");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsMissingPrimitiveComponent(WireFormat format) {
    byte[] bytes = tagged("test/temperature", Map.of(kw("at"), Instant.EPOCH), format);

    assertThatThrownBy(() -> VERSIONS.decode(bytes, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("component celsius is int but the value is missing");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsValueOfWrongTypeNamingTheComponent(WireFormat format) {
    byte[] bytes = tagged("test/temperature", Map.of(kw("celsius"), 1L, kw("at"), "noon"), format);

    assertThatThrownBy(() -> VERSIONS.decode(bytes, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(
            "component at is java.time.Instant but the value is a java.lang.String");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_reportsTheRecordsOwnValidation(WireFormat format) {
    byte[] bytes = tagged("test/positive", Map.of(kw("n"), -1L), format);

    assertThatThrownBy(() -> VERSIONS.decode(bytes, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("n must be positive: -1");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsRecordTagOverNonMap(WireFormat format) {
    byte[] bytes =
        Codec.standard()
            .encode(com.cognitect.transit.TransitFactory.taggedValue(Fixtures.POINT, "x"), format);

    assertThatThrownBy(() -> CODEC.decode(bytes, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("tag test/point")
        .hasMessageContaining("needs a map");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsUnknownEnumConstant(WireFormat format) {
    byte[] bytes =
        Codec.standard()
            .encode(
                com.cognitect.transit.TransitFactory.taggedValue("test/color", "PURPLE"), format);

    assertThatThrownBy(() -> CODEC.decode(bytes, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("names no constant of")
        .hasMessageContaining("PURPLE");
  }

  @Test
  void builder_rejectsOneCharacterAndReservedTags() {
    for (String tag :
        List.of("", "p", "set", "list", "cmap", "map", "array", "link", "ratio", "time/instant")) {
      assertThatThrownBy(() -> Codec.builder().record(Point.class, tag))
          .as(tag)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(tag);
    }
  }

  @Test
  void builder_rejectsTagOrTypeRegisteredTwice() {
    assertThatThrownBy(
            () -> Codec.builder().record(Point.class, "a/p").enumType(Color.class, "a/p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag already registered: a/p");
    assertThatThrownBy(() -> Codec.builder().record(Point.class, "a/p").record(Point.class, "a/q"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("type already registered: " + Point.class.getName());
  }

  @Test
  void standard_doesNotKnowRegisteredTypes() {
    assertThatThrownBy(() -> Codec.standard().encode(new Point(1, 2), WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no Transit representation for " + Point.class.getName());
  }
}
