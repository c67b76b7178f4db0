package dev.atomsync.core.internal;

import static dev.atomsync.core.testing.TransitEquality.assertSame;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Transit;
import dev.atomsync.core.WireFormat;
import dev.atomsync.core.testing.Fixtures;
import dev.atomsync.core.testing.PropertyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TransitCodec#encodeSpliceable} writes every value as Transit JSON that can be copied into
 * another message (no cache reference, no quote) and decodes to the same value, as the plain
 * encoding does.
 */
class EncodeSpliceableTest {
  private static final Codec CODEC = Fixtures.CODEC;

  @Test
  void everyValue_isSpliceable_andDecodesToTheSameValue() {
    PropertyCheck.forAllValues(500, 4, value -> {
      byte[] bytes = TransitCodec.encodeSpliceable(CODEC, value);
      assertThat(marks(bytes)).as(new String(bytes, UTF_8))
          .allSatisfy(text -> assertThat(text).isEqualTo("^ "))
          .doesNotContain("~#'");
      assertSame(CODEC.decode(CODEC.encode(value, WireFormat.JSON), WireFormat.JSON),
          CODEC.decode(bytes, WireFormat.JSON));
    });
  }

  /** Returns the strings in {@code json} that start with a caret, and a quote tag if any. */
  private static List<String> marks(byte[] json) {
    List<String> marks = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING
            && (parser.getText().startsWith("^") || parser.getText().equals("~#'"))) {
          marks.add(parser.getText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return marks;
  }

  @Test
  void repeatedKeys_areWrittenOut_andAScalarUnquoted() {
    Map<Object, Object> item = Map.of(Transit.kw("name"), "a");
    Object value = Map.of(Transit.kw("items"), List.of(item, item));

    assertThat(new String(CODEC.encode(value, WireFormat.JSON), UTF_8)).contains("\"^");
    assertThat(new String(TransitCodec.encodeSpliceable(CODEC, value), UTF_8))
        .isEqualTo("[\"^ \",\"~:items\",[[\"^ \",\"~:name\",\"a\"],[\"^ \",\"~:name\",\"a\"]]]");
    assertThat(new String(TransitCodec.encodeSpliceable(CODEC, "text"), UTF_8))
        .isEqualTo("\"text\"");
    assertThat(new String(TransitCodec.encodeSpliceable(CODEC, Transit.kw("done")), UTF_8))
        .isEqualTo("\"~:done\"");
    assertThat(new String(TransitCodec.encodeSpliceable(CODEC, List.of("~#'", 1L)), UTF_8))
        .isEqualTo("[\"~~#'\",1]");
  }
}
