package dev.atomsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The group and id rules of PROTOCOL.md, Encoding. */
class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"todo", "a", "A-z_0.9", "settings.v2"})
  void isValidGroup_acceptsNamesOfAllowedCharacters(String group) {
    assertThat(Ids.isValidGroup(group)).isTrue();
    assertThat(Ids.isValidGroup("g".repeat(128))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "to do", "todo:", "ä", "a/b", "tab\t"})
  void isValidGroup_rejectsOtherNames(String group) {
    assertThat(Ids.isValidGroup(group)).isFalse();
    assertThat(Ids.isValidGroup(null)).isFalse();
    assertThat(Ids.isValidGroup("g".repeat(129))).isFalse();
  }

  @Test
  void requireGroup_namesValueAndRule() {
    assertThatThrownBy(() -> Ids.requireGroup("to do"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("group must be 1 to 128 characters of [A-Za-z0-9._-]: \"to do\"");
    assertThat(Ids.requireGroup("todo")).isEqualTo("todo");
  }

  @Test
  void belongsTo_acceptsIdsStartingWithGroupAndColon() {
    assertThat(Ids.belongsTo("todo:1", "todo")).isTrue();
    assertThat(Ids.belongsTo("todo:a:b", "todo")).isTrue();
    assertThat(Ids.belongsTo("todo::", "todo")).isTrue();
  }

  @Test
  void belongsTo_rejectsOtherIds() {
    assertThat(Ids.belongsTo("todo", "todo")).isFalse();
    assertThat(Ids.belongsTo("todo:", "todo")).isFalse();
    assertThat(Ids.belongsTo("todos:1", "todo")).isFalse();
    assertThat(Ids.belongsTo("other:1", "todo")).isFalse();
    assertThat(Ids.belongsTo(null, "todo")).isFalse();
    assertThat(Ids.belongsTo("", "todo")).isFalse();
    assertThat(Ids.belongsTo("todo:a\u0000b", "todo")).isFalse();
  }

  @Test
  void belongsTo_countsUtf8BytesNotCharacters() {
    String atLimit = "todo:" + "€".repeat(169); // 5 + 507 = 512 bytes
    String beyond = atLimit + "x";

    assertThat(Ids.belongsTo(atLimit, "todo")).isTrue();
    assertThat(Ids.belongsTo(beyond, "todo")).isFalse();
    assertThat(Ids.belongsTo("todo:" + "x".repeat(507), "todo")).isTrue();
    assertThat(Ids.belongsTo("todo:" + "x".repeat(508), "todo")).isFalse();
  }

  @Test
  void requireIdIn_namesValueAndRule() {
    assertThatThrownBy(() -> Ids.requireIdIn("", "todo"))
        .hasMessage("document id must be a non-empty string");
    assertThatThrownBy(() -> Ids.requireIdIn("todo:" + "x".repeat(600), "todo"))
        .hasMessageStartingWith("document id must be at most 512 UTF-8 bytes: \"todo:xxx");
    assertThatThrownBy(() -> Ids.requireIdIn("shop:1", "todo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "document id \"shop:1\" is outside group \"todo\""
                + " (ids of that group are \"todo:\" followed by at least one character)");
    assertThatThrownBy(() -> Ids.requireIdIn("todo:a\u0000b", "todo"))
        .hasMessage("document id must not contain U+0000: \"todo:a\u0000b\"");
    assertThat(Ids.requireIdIn("todo:1", "todo")).isEqualTo("todo:1");
  }

  @Test
  void quote_cutsLongValuesForMessages() {
    assertThat(Ids.quote(null)).isEqualTo("null");
    assertThat(Ids.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(80) + "...\"");
  }
}
