package dev.atomsync.client.internal;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Decoded values are frozen whole, in place or by copy, and stay equal to what was encoded. */
class StoredFormatTest {
  private static final Codec CODEC = Codec.standard();

  private static final Map<Object, Object> NESTED = Map.of(
      kw("items"), List.of(Map.of(kw("name"), "a", kw("tags"), Set.of(kw("x"))), "plain"),
      kw("list"), new LinkedList<>(List.of(1L, List.of(2L))),
      kw("sets"), Set.of(List.of(1L, 2L), kw("k")),
      List.of(1L, 2L), Map.of(kw("under"), List.of("a vector key")));

  @Test
  void freezeOwned_makesEveryCollectionUnmodifiableAndKeepsTheValue() {
    Object decoded = CODEC.decode(CODEC.encode(NESTED, WireFormat.JSON), WireFormat.JSON);

    Object frozen = StoredFormat.freezeOwned(decoded);

    assertThat(frozen).isEqualTo(NESTED);
    assertEveryCollectionUnmodifiable(frozen);
  }

  @Test
  void freezeOwned_keepsListsAsTheKindTheyWere() {
    Object decoded = CODEC.decode(CODEC.encode(NESTED, WireFormat.JSON), WireFormat.JSON);

    Map<?, ?> frozen = (Map<?, ?>) StoredFormat.freezeOwned(decoded);

    // A Transit list decodes as a LinkedList and an array as an ArrayList (RandomAccess).
    assertThat(frozen.get(kw("list"))).isNotInstanceOf(RandomAccess.class);
    assertThat(frozen.get(kw("items"))).isInstanceOf(RandomAccess.class);
  }

  private static void assertEveryCollectionUnmodifiable(Object value) {
    if (value instanceof Map<?, ?> map) {
      assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
      map.forEach((k, v) -> {
        assertEveryCollectionUnmodifiable(k);
        assertEveryCollectionUnmodifiable(v);
      });
    } else if (value instanceof List<?> list) {
      assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
      new ArrayList<>(list).forEach(StoredFormatTest::assertEveryCollectionUnmodifiable);
    } else if (value instanceof Set<?> set) {
      assertThatThrownBy(set::clear).isInstanceOf(UnsupportedOperationException.class);
      set.forEach(StoredFormatTest::assertEveryCollectionUnmodifiable);
    }
  }
}
