package dev.atomsync.core;

import static dev.atomsync.core.Transit.kw;
import static dev.atomsync.core.Transit.sym;
import static dev.atomsync.core.testing.TransitEquality.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.testing.Fixtures.Color;
import dev.atomsync.core.testing.Fixtures.Point;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each supported type, and each edge transit-java is known to have, through both formats. */
class CodecTypesTest {
  private static final Codec CODEC = dev.atomsync.core.testing.Fixtures.CODEC;

  private static Object roundTrip(Object value, WireFormat format) {
    return CODEC.decode(CODEC.encode(value, format), format);
  }

  private static void assertKept(Object value, WireFormat format) {
    assertSame(value, roundTrip(value, format));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsNilAndBooleans(WireFormat format) {
    assertKept(null, format);
    assertKept(true, format);
    assertKept(false, format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsStringsTransitEscapes(WireFormat format) {
    for (String text :
        List.of(
            "",
            "~",
            "^",
            "`",
            "~~",
            "~x",
            "~#tag",
            "~:kw",
            "^ ",
            "^0",
            "^ZZ",
            "`x",
            "a\u0000b",
            "\uD83D\uDE00 emoji",
            "\"quoted\\\"")) {
      assertKept(text, format);
      assertKept(List.of(text, text), format); // the second may be cached
      assertKept(Map.of(text, text), format);
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsLongsAtAndBeyondJsonPrecision(WireFormat format) {
    for (long n :
        new long[] {
          0,
          -1,
          (1L << 53) - 1,
          1L << 53,
          (1L << 53) + 1,
          -(1L << 53) - 1,
          Long.MAX_VALUE,
          Long.MIN_VALUE
        }) {
      assertKept(n, format);
      assertKept(Map.of(n, n), format);
    }
  }

  @Test
  void encode_writesLongsBeyondJsonPrecisionAsStrings() {
    String json =
        new String(CODEC.encode(List.of((1L << 53) + 1), WireFormat.JSON), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("[\"~i9007199254740993\"]");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_returnsLongForSmallerIntegers(WireFormat format) {
    assertThat(roundTrip(List.of(1, (short) 2, (byte) 3), format)).isEqualTo(List.of(1L, 2L, 3L));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsBigIntegersAsBigIntegers(WireFormat format) {
    assertKept(BigInteger.ONE, format);
    assertKept(new BigInteger("-123456789012345678901234567890123456789"), format);
    assertKept(Map.of(BigInteger.TEN, "ten"), format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsDoublesNanInfinitiesAndNegativeZero(WireFormat format) {
    for (double d :
        new double[] {
          1.5,
          1.0,
          -0.0,
          0.0,
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          Double.MIN_VALUE,
          Double.MAX_VALUE,
          1e-300
        }) {
      assertKept(d, format);
      assertKept(List.of(d), format);
      assertKept(Map.of(d, d), format);
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_returnsDoubleForFloat(WireFormat format) {
    assertThat(roundTrip(1.5f, format)).isEqualTo(1.5);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsBigDecimalScale(WireFormat format) {
    for (String text :
        List.of("1.500", "1.5", "0", "0.000", "1E+3", "-1E-30", "123456789.987654321")) {
      BigDecimal decimal = new BigDecimal(text);
      Object back = roundTrip(decimal, format);
      assertThat(back).isEqualTo(decimal); // equals compares the scale too
      assertThat(((BigDecimal) back).scale()).isEqualTo(decimal.scale());
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsKeywordsAndSymbols(WireFormat format) {
    assertKept(List.of(kw("a"), kw("ns/a"), sym("b"), sym("ns/b")), format);
    assertKept(Map.of(kw("k"), sym("v"), sym("s"), kw("w")), format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsUuids(WireFormat format) {
    UUID id = UUID.randomUUID();
    assertKept(id, format);
    assertKept(Map.of(id, id), format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsInstantNanoseconds(WireFormat format) {
    for (Instant instant :
        List.of(
            Instant.parse("2024-01-02T03:04:05.123456789Z"),
            Instant.EPOCH,
            Instant.MIN,
            Instant.MAX,
            Instant.ofEpochSecond(-1, 1))) {
      assertThat(roundTrip(instant, format)).isEqualTo(instant);
      assertKept(Map.of(instant, instant), format);
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsDatesToTheMillisecond(WireFormat format) {
    for (long millis : new long[] {0, 1_700_000_000_123L, -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
      Date date = new Date(millis);
      assertThat(roundTrip(date, format)).isExactlyInstanceOf(Date.class).isEqualTo(date);
      assertKept(Map.of(date, date), format);
    }
  }

  @Test
  void encode_writesDateAsTransitInstantForJavaScript() {
    String json =
        new String(CODEC.encode(List.of(new Date(5)), WireFormat.JSON), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("[\"~m5\"]");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_returnsJavaNetUri(WireFormat format) {
    URI uri = URI.create("http://example.com/a%20b?q=1#f");
    assertThat(roundTrip(uri, format)).isEqualTo(uri);
    assertThat(roundTrip(TransitFactory.uri("urn:x:y"), format)).isEqualTo(URI.create("urn:x:y"));
    assertKept(Map.of(uri, uri), format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsByteArrays(WireFormat format) {
    assertThat((byte[]) roundTrip(new byte[] {1, 2, (byte) 0xff}, format))
        .containsExactly(1, 2, 0xff);
    assertThat((byte[]) roundTrip(new byte[0], format)).isEmpty();
    assertKept(List.of(new byte[] {7}, Map.of(kw("b"), new byte[] {8})), format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsVectorsAndListsApart(WireFormat format) {
    assertThat(roundTrip(new ArrayList<>(List.of(1L)), format))
        .isExactlyInstanceOf(ArrayList.class);
    assertThat(roundTrip(List.of(1L), format)).isExactlyInstanceOf(ArrayList.class);
    assertThat(roundTrip(new LinkedList<>(List.of(1L)), format))
        .isExactlyInstanceOf(LinkedList.class)
        .isEqualTo(List.of(1L));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_nonRandomAccessListView_doesNotRecurseForever(WireFormat format) {
    List<Object> view = Collections.unmodifiableList(new LinkedList<>(List.of(1L, "a")));

    assertThat(roundTrip(view, format)).isExactlyInstanceOf(LinkedList.class).isEqualTo(view);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsSetsAsSets(WireFormat format) {
    assertThat(roundTrip(Set.of(1L, "a", kw("k")), format))
        .isInstanceOf(Set.class)
        .isEqualTo(Set.of(1L, "a", kw("k")));
    assertThat(roundTrip(new TreeSet<>(List.of(3L, 1L, 2L)), format))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ITERABLE)
        .containsExactly(1L, 2L, 3L);
    assertKept(Set.of(), format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsMapsWithAnyKeys(WireFormat format) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(null, "nil");
    map.put(kw("k"), "keyword");
    map.put(42L, "long");
    map.put(true, "boolean");
    map.put(1.5, "double");
    map.put(List.of(1L, 2L), "vector");
    map.put(Map.of(kw("a"), 1L), "map");
    map.put(Set.of("s"), "set");
    map.put(new Point(1, 2), "record");
    map.put(Color.BLUE, "enum");
    map.put(Instant.EPOCH, "instant");
    map.put(UUID.randomUUID(), "uuid");

    assertKept(map, format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_keepsMapAndSetOrder(WireFormat format) {
    Map<Object, Object> map = new LinkedHashMap<>();
    Set<Object> set = new LinkedHashSet<>();
    for (int i = 20; i > 0; i--) {
      map.put("key" + i, i);
      set.add("item" + i);
    }

    @SuppressWarnings("unchecked")
    Map<Object, Object> mapBack = (Map<Object, Object>) roundTrip(map, format);
    @SuppressWarnings("unchecked")
    Set<Object> setBack = (Set<Object>) roundTrip(set, format);

    assertThat(mapBack.keySet()).containsExactlyElementsOf(map.keySet());
    assertThat(setBack).containsExactlyElementsOf(set);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsNilInsideCollections(WireFormat format) {
    assertKept(Arrays.asList(1L, null, "a"), format);
    assertKept(new LinkedList<>(Arrays.asList(null, null)), format);
    Set<Object> set = new LinkedHashSet<>(Arrays.asList(null, 1L));
    assertKept(set, format);
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(kw("a"), null);
    map.put(null, null);
    assertKept(map, format);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_returnsListsForJavaArrays(WireFormat format) {
    assertThat(roundTrip(new Object[] {1L, "a"}, format)).isEqualTo(List.of(1L, "a"));
    assertThat(roundTrip(new int[] {1, 2}, format)).isEqualTo(List.of(1L, 2L));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void roundTrip_keepsCharactersAndUnknownTags(WireFormat format) {
    assertKept('x', format);
    assertKept(TransitFactory.taggedValue("x/other", List.of("unknown tag")), format);
  }
}
