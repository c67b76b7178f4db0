package dev.atomsync.core;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import com.cognitect.transit.TaggedValue;
import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.testing.Fixtures;
import dev.atomsync.core.testing.Fixtures.Color;
import dev.atomsync.core.testing.Fixtures.Point;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server on {@link Codec#standard()} passes on values of types only its clients know: unknown
 * tags decode as {@link TaggedValue} and encode back unchanged.
 */
class CodecPassThroughTest {

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void standardCodec_passesRegisteredRecordAndEnumBackToTheRegisteringCodec(WireFormat format) {
    Object value =
        Map.of(kw("at"), new Point(3, 4), kw("color"), Color.GREEN, new Point(5, 6), "as key");
    byte[] sent = Fixtures.CODEC.encode(value, format);

    Object onServer = Codec.standard().decode(sent, format);
    byte[] stored = Codec.standard().encode(onServer, format);
    Object received = Fixtures.CODEC.decode(stored, format);

    assertThat(((Map<?, ?>) onServer).get(kw("at"))).isInstanceOf(TaggedValue.class);
    assertThat(received).isEqualTo(value);
    assertThat(stored).isEqualTo(sent);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_unknownTag_givesTaggedValueEqualToTransitsOwn(WireFormat format) {
    TaggedValue<Object> money = TransitFactory.taggedValue("x/money", List.of("EUR", 5L));

    Object back = Codec.standard().decode(Codec.standard().encode(money, format), format);

    assertThat(back).isEqualTo(money);
    assertThat(money).isEqualTo(back);
    assertThat(back.hashCode()).isEqualTo(money.hashCode());
    assertThat(back).hasToString("#x/money [EUR, 5]");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_unknownTagOverNil_canBeHashed(WireFormat format) {
    byte[] bytes =
        Codec.standard().encode(List.of(TransitFactory.taggedValue("x/none", null)), format);

    Object tagged = ((List<?>) Codec.standard().decode(bytes, format)).get(0);

    assertThat(new HashSet<>(List.of(tagged))).containsExactly(tagged);
    assertThat(Codec.standard().encode(List.of(tagged), format)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_unknownTagsInSetsAndKeys_passThrough(WireFormat format) {
    Object value =
        Map.of(
            Set.of(Color.RED),
            Set.of(new Point(1, 1)),
            kw("list"),
            Arrays.asList(null, Color.BLUE));
    byte[] sent = Fixtures.CODEC.encode(value, format);

    byte[] passedOn = Codec.standard().encode(Codec.standard().decode(sent, format), format);

    assertThat(Fixtures.CODEC.decode(passedOn, format)).isEqualTo(value);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_uriJavaRejects_passesThroughAsTaggedValue(WireFormat format) {
    byte[] bytes =
        "[\"~rhttp://exa mple.com/{x}\",\"~rhttp://ok.example/\"]".getBytes(StandardCharsets.UTF_8);
    if (format == WireFormat.MSGPACK) {
      bytes = Codec.standard().encode(Codec.standard().decode(bytes, WireFormat.JSON), format);
    }

    List<?> back = (List<?>) Codec.standard().decode(bytes, format);

    assertThat(back.get(0)).isEqualTo(TransitFactory.taggedValue("r", "http://exa mple.com/{x}"));
    assertThat(back.get(1)).isEqualTo(URI.create("http://ok.example/"));
    assertThat(Codec.standard().encode(back, format)).isEqualTo(bytes);
  }
}
