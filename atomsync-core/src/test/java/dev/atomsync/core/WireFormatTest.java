package dev.atomsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Choosing the format from {@code Content-Type} and {@code Accept} headers. */
class WireFormatTest {

  @Test
  void mediaType_namesTheTransitTypes() {
    assertThat(WireFormat.JSON.mediaType()).isEqualTo("application/transit+json");
    assertThat(WireFormat.MSGPACK.mediaType()).isEqualTo("application/transit+msgpack");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/transit+json|JSON",
        "application/transit+json; charset=utf-8|JSON",
        "  Application/Transit+JSON ;charset=UTF-8|JSON",
        "application/transit+msgpack|MSGPACK",
        "APPLICATION/TRANSIT+MSGPACK; v=1|MSGPACK"
      })
  void ofContentType_readsTypeIgnoringCaseAndParameters(String header, WireFormat expected) {
    assertThat(WireFormat.ofContentType(header)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "application/json",
        "text/plain",
        "application/transit+jsonx",
        "*/*",
        "application/transit"
      })
  void ofContentType_returnsNullForOtherTypes(String header) {
    assertThat(WireFormat.ofContentType(header)).isNull();
    assertThat(WireFormat.ofContentType(null)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/transit+msgpack|MSGPACK",
        "application/transit+msgpack, application/transit+json|MSGPACK",
        "application/transit+json, application/transit+msgpack|JSON",
        "application/transit+json;q=0.9|JSON",
        "text/html, application/transit+msgpack;q=0.8|MSGPACK",
        "*/*|JSON",
        "application/json|JSON",
        "''|JSON"
      })
  void ofAccept_prefersTheFirstTransitTypeNamed(String header, WireFormat expected) {
    assertThat(WireFormat.ofAccept(header)).isEqualTo(expected);
  }

  @Test
  void ofAccept_defaultsToJsonWithoutHeader() {
    assertThat(WireFormat.ofAccept(null)).isEqualTo(WireFormat.JSON);
  }
}
