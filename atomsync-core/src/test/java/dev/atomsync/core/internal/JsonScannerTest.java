package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonScannerTest {

  private static int check(String json, int maxDepth) {
    return JsonScanner.check(json.getBytes(StandardCharsets.UTF_8), maxDepth);
  }

  @Test
  void check_returnsDeepestNestingOutsideStrings() {
    assertThat(check("[]", 10)).isEqualTo(1);
    assertThat(check("[[],[[]]]", 10)).isEqualTo(3);
    assertThat(check("{\"a\":[1]}", 10)).isEqualTo(2);
    assertThat(check("[\"[[[\\\"]]]\"]", 10)).isEqualTo(1);
    assertThat(check("[\"{\",\"}}}\"]", 10)).isEqualTo(1);
  }

  @Test
  void check_returnsZeroForTopLevelScalars() {
    assertThat(check("1", 10)).isZero();
    assertThat(check("\"x\"", 10)).isZero();
    assertThat(check("true", 10)).isZero();
  }

  @Test
  void check_allowsWhitespaceAroundTheValue() {
    assertThat(check(" \r\n [ 1 , 2 ]\n\t", 10)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"\\ud83d\\ude00\"]", "[\"\\u00e9\\n\\\\u\"]", "[\"\\uZZZZ\"]"})
  void check_acceptsSurrogatePairsAndOrdinaryEscapes(String json) {
    assertThat(check(json, 10)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"\\ud83d\"]",
        "[\"\\ude00\"]",
        "[\"\\ud83dx\"]",
        "[\"\\ud83d\\u0041\"]",
        "[\"\\ud83d\\ud83d\"]"
      })
  void check_rejectsLoneSurrogateEscapes(String json) {
    assertThatThrownBy(() -> check(json, 10)).hasMessageContaining("lone surrogate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1] 2", "[1]]", "1 2", "\"a\" \"b\"", "{} x", "true,"})
  void check_rejectsBytesAfterTheValue(String json) {
    assertThatThrownBy(() -> check(json, 10)).hasMessageContaining("after the value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[", "[[1]", "[\"abc", "[\"a\\", "{\"a\":[1,"})
  void check_rejectsTruncatedInput(String json) {
    assertThatThrownBy(() -> check(json, 10)).hasMessageContaining("truncated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t "})
  void check_rejectsEmptyInput(String json) {
    assertThatThrownBy(() -> check(json, 10)).hasMessage("no value (the input is empty)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"]", "}"})
  void check_rejectsClosingWithoutOpening(String json) {
    assertThatThrownBy(() -> check(json, 10)).hasMessageContaining("unbalanced");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[[[[]]]]", "[{\"a\":[{}]}]"})
  void check_rejectsNestingBeyondLimit(String json) {
    assertThat(check(json, 4)).isEqualTo(4);
    assertThatThrownBy(() -> check(json, 3)).hasMessageStartingWith("nesting deeper than 3 levels");
  }
}
