package dev.atomsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocMapTest {

  @Test
  void plusAndMinus_returnNewMapsAndLeaveTheOldOne() {
    DocMap empty = DocMap.empty();
    DocMap one = empty.plus("todo:1", "milk");
    DocMap two = one.plus("todo:2", "bread");
    DocMap back = two.minus("todo:1");

    assertThat(empty).isEmpty();
    assertThat(one).containsOnly(entry("todo:1", "milk"));
    assertThat(two).containsOnly(entry("todo:1", "milk"), entry("todo:2", "bread"));
    assertThat(back).containsOnly(entry("todo:2", "bread"));
  }

  @Test
  void bulkMethods_applyEveryEntry() {
    DocMap map = DocMap.empty().plusAll(Map.of("todo:1", 1L, "todo:2", 2L, "todo:3", 3L));

    assertThat(map).hasSize(3);
    assertThat(map.minusAll(List.of("todo:1", "todo:3", "todo:9"))).containsOnlyKeys("todo:2");
  }

  @Test
  void iteratesSortedById() {
    DocMap map = DocMap.copyOf(Map.of("todo:b", 2L, "todo:c", 3L, "todo:a", 1L));

    assertThat(map.keySet()).containsExactly("todo:a", "todo:b", "todo:c");
  }

  @Test
  void changesThatChangeNothing_returnTheSameMap() {
    String milk = "milk";
    DocMap map = DocMap.empty().plus("todo:1", milk);

    assertThat(map.plus("todo:1", milk)).isSameAs(map);
    assertThat(map.minus("todo:9")).isSameAs(map);
    assertThat(map.minus(42)).isSameAs(map);
    assertThat(map.plusAll(Map.of())).isSameAs(map);
    assertThat(map.minusAll(List.of("todo:9"))).isSameAs(map);
  }

  @Test
  void equalsAndHashCode_followMap() {
    Map<String, Object> plain = new HashMap<>(Map.of("todo:1", "milk", "todo:2", 2L));
    DocMap map = DocMap.copyOf(plain);

    assertThat(map).isEqualTo(plain);
    assertThat(plain).isEqualTo(map);
    assertThat(map.hashCode()).isEqualTo(plain.hashCode());
    assertThat(map).isEqualTo(DocMap.empty().plus("todo:2", 2L).plus("todo:1", "milk"));
    assertThat(map).isNotEqualTo(map.plus("todo:3", 3L));
  }

  @Test
  void nullIdsAndValues_areRejectedWithTheId() {
    assertThatThrownBy(() -> DocMap.empty().plus("todo:1", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("\"todo:1\"")
        .hasMessageContaining("minus");
    assertThatThrownBy(() -> DocMap.empty().plus(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("document id must not be null");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("todo:1", null);
    assertThatThrownBy(() -> DocMap.copyOf(withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DocMap.empty().plusAll(withNull))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  @SuppressWarnings("deprecation")
  void mutators_throw() {
    DocMap map = DocMap.empty().plus("todo:1", "milk");

    assertThatThrownBy(() -> map.put("todo:2", "x"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("immutable");
    assertThatThrownBy(() -> map.remove("todo:1")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.putAll(Map.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.keySet().remove("todo:1"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.computeIfAbsent("todo:3", k -> "x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(map).containsOnly(entry("todo:1", "milk"));
  }
}
