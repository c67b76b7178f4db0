package dev.atomsync.client.internal;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.MergeFunction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldMergeTest {
  private final MergeFunction merge = MergeFunction.fields();

  @Test
  void editsToDifferentFieldsAreBothKept() {
    Map<Object, Object> base = Map.of(kw("text"), "milk", kw("done"), false);
    Map<Object, Object> local = Map.of(kw("text"), "oat milk", kw("done"), false);
    Map<Object, Object> remote = Map.of(kw("text"), "milk", kw("done"), true);

    assertThat(merge.merge(base, local, remote))
        .isEqualTo(Map.of(kw("text"), "oat milk", kw("done"), true));
  }

  @Test
  void fieldChangedOnBothSidesTakesRemote() {
    Map<Object, Object> base = Map.of(kw("text"), "milk");

    assertThat(merge.merge(base, Map.of(kw("text"), "local"), Map.of(kw("text"), "remote")))
        .isEqualTo(Map.of(kw("text"), "remote"));
  }

  @Test
  void fieldsAddedAndRemovedOnOneSideSurvive() {
    Map<Object, Object> base = Map.of(kw("a"), 1L, kw("b"), 2L);
    Map<Object, Object> local = Map.of(kw("a"), 1L, kw("b"), 2L, kw("c"), 3L);
    Map<Object, Object> remote = Map.of(kw("a"), 1L);

    assertThat(merge.merge(base, local, remote)).isEqualTo(Map.of(kw("a"), 1L, kw("c"), 3L));
  }

  @Test
  void newDocumentOnBothSidesMergesFromAnEmptyBase() {
    assertThat(merge.merge(null, Map.of(kw("a"), 1L), Map.of(kw("b"), 2L)))
        .isEqualTo(Map.of(kw("a"), 1L, kw("b"), 2L));
  }

  @Test
  void deleteAgainstEditKeepsTheEdit() {
    Map<Object, Object> base = Map.of(kw("a"), 1L);
    Map<Object, Object> edited = Map.of(kw("a"), 2L);

    assertThat(merge.merge(base, null, edited)).isEqualTo(edited);
    assertThat(merge.merge(base, edited, null)).isEqualTo(edited);
  }

  @Test
  void deleteAgainstUntouchedDeletes() {
    Map<Object, Object> base = Map.of(kw("a"), 1L);

    assertThat(merge.merge(base, null, base)).isNull();
    assertThat(merge.merge(base, base, null)).isNull();
    assertThat(merge.merge(base, null, null)).isNull();
  }

  @Test
  void nonMapValuesTakeRemote() {
    assertThat(merge.merge("a", "b", "c")).isEqualTo("c");
    assertThat(merge.merge(List.of(1L), Map.of(kw("a"), 1L), List.of(2L))).isEqualTo(List.of(2L));
  }
}
