package dev.atomsync.core;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The codec reuses transit-java's writers and read caches between calls; none of that may show: not
 * after a failure, not when a handler calls the codec, not across threads.
 */
class CodecReuseTest {
  /** A value whose keys go into the Transit cache, so that a shared cache would show. */
  private static final Map<Object, Object> INNER =
      Map.of(kw("shared-key"), "inner", kw("other-key"), Set.of(kw("cached-keyword")));

  private static final byte[] INNER_JSON = Codec.standard().encode(INNER, WireFormat.JSON);
  private static final byte[] INNER_MSGPACK = Codec.standard().encode(INNER, WireFormat.MSGPACK);

  private static final List<Object> NESTED_RESULTS = new CopyOnWriteArrayList<>();

  /** A record whose constructor decodes, and whose accessor encodes, with the codec at work. */
  record Reentrant(List<Object> items) {
    Reentrant {
      NESTED_RESULTS.add(REENTRANT.decode(INNER_JSON, WireFormat.JSON));
      NESTED_RESULTS.add(REENTRANT.decode(INNER_MSGPACK, WireFormat.MSGPACK));
    }

    @Override
    public List<Object> items() {
      NESTED_RESULTS.add(REENTRANT.encode(INNER, WireFormat.JSON));
      NESTED_RESULTS.add(REENTRANT.encode(INNER, WireFormat.MSGPACK));
      return items;
    }
  }

  private static final Codec REENTRANT =
      Codec.builder().record(Reentrant.class, "test/reentrant").build();

  private static final Codec CODEC = Fixtures.CODEC;

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_whenAHandlerEncodesWithTheSameCodec_givesTheSameBytes(WireFormat format) {
    Object taggedTwin =
        TransitFactory.taggedValue("test/reentrant", Map.of(kw("items"), List.of(INNER)));
    byte[] expected = REENTRANT.encode(List.of(INNER, taggedTwin, INNER), format);
    Object value = List.of(INNER, new Reentrant(List.of(INNER)), INNER);
    NESTED_RESULTS.clear();

    byte[] bytes = REENTRANT.encode(value, format);

    assertThat(bytes).isEqualTo(expected);
    assertThat(NESTED_RESULTS).containsExactly(INNER_JSON, INNER_MSGPACK);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_whenAHandlerDecodesWithTheSameCodec_givesTheSameValue(WireFormat format) {
    Object value = List.of(INNER, new Reentrant(List.of(INNER)), INNER);
    byte[] bytes = REENTRANT.encode(value, format);
    NESTED_RESULTS.clear();

    Object decoded = REENTRANT.decode(bytes, format);

    assertThat(decoded).isEqualTo(value);
    assertThat(NESTED_RESULTS).containsExactly(INNER, INNER);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_afterEncodesThatFailedHalfWay_givesTheSameBytes(WireFormat format) {
    Object value = Map.of(kw("text"), "Buy milk", kw("tags"), Set.of(kw("home")));
    byte[] expected = CODEC.encode(value, format);
    List<Object> containsItself = new ArrayList<>();
    containsItself.add(kw("first"));
    containsItself.add(containsItself);
    Object unsupported = List.of(value, Map.of(kw("deeper"), List.of(1L, Optional.empty())));

    for (int i = 0; i < 50; i++) {
      for (Object bad : List.of(unsupported, containsItself)) {
        assertThatThrownBy(() -> CODEC.encode(bad, format)).isInstanceOf(CodecException.class);
        assertThat(CODEC.encode(value, format)).isEqualTo(expected);
      }
    }
  }

  @Test
  void encode_secondValueInARow_hasNoRootValueSeparator() {
    // A reused Jackson generator would write a space before its second root value.
    byte[] first = CODEC.encode("a", WireFormat.JSON);
    byte[] second = CODEC.encode("a", WireFormat.JSON);

    assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo("[\"~#'\",\"a\"]");
    assertThat(second).isEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_cacheCodeOfASlotNotYetFilled_readsAsNilAfterOtherValues(WireFormat format) {
    // "^0" names the first cached string, which this value has not written yet: a new read cache
    // gives nil there; a reused one must not give what the value before left in the slot.
    byte[] filler = CODEC.encode(Map.of(kw("something-long"), 1L), format);
    byte[] early =
        format == WireFormat.JSON
            ? "[\"^ \",\"^0\",1]".getBytes(StandardCharsets.UTF_8)
            : HexFormat.of().parseHex("81a25e3001");

    for (int i = 0; i < 50; i++) {
      CODEC.decode(filler, format);

      assertThat(CODEC.decode(early, format)).isEqualTo(Collections.singletonMap(null, 1L));
    }
  }

  @Test
  void encodeAndDecode_fromMoreThreadsThanPooledWriters_giveTheSameResults() throws Exception {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      values.add(
          Map.of(
              kw("text"),
              "item " + i,
              kw("owner"),
              new UUID(i, i),
              kw("tags"),
              Set.of(kw("tag-" + i % 4), kw("home"))));
    }
    List<Future<?>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(32)) {
      for (int t = 0; t < 32; t++) {
        int offset = t;
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    Object value = values.get((offset + i) % values.size());
                    for (WireFormat format : WireFormat.values()) {
                      byte[] bytes = CODEC.encode(value, format);
                      assertThat(bytes).isEqualTo(Codec.standard().encode(value, format));
                      assertThat(CODEC.decode(bytes, format)).isEqualTo(value);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get();
      }
    }
  }
}
