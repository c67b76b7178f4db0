package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cognitect.transit.Keyword;
import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Transit;
import dev.atomsync.core.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordReadsTest {
  private final KeywordReads reads = new KeywordReads();

  @ParameterizedTest
  @ValueSource(strings = {"text", "ns/name", ":leading-colon", "a", "/", "with space"})
  void aKeywordRead_isTheOneTransitJavaMakes_andIsMadeOnce(String rep) {
    Keyword first = reads.read(rep);

    assertThat(first).isEqualTo(TransitFactory.keyword(rep));
    assertThat(first.toString()).isEqualTo(TransitFactory.keyword(rep).toString());
    assertThat(reads.read(rep)).isSameAs(first);
  }

  @Test
  void anEmptyName_failsAsTransitJavaFails() {
    Throwable ours = catchThrowable(() -> reads.read(""));
    Throwable theirs = catchThrowable(() -> TransitFactory.keyword(""));

    assertThat(ours).isNotNull().hasSameClassAs(theirs);
  }

  @Test
  void namesBeyondTheKeptOnes_areStillReadCorrectly() {
    for (int i = 0; i < KeywordReads.MAX_KEPT + 500; i++) {
      assertThat(reads.read("many-" + i)).isEqualTo(Transit.kw("many-" + i));
    }
  }

  @Test
  void theCodecReadsKeywordsThroughIt() {
    byte[] json =
        "[\"^ \",\"~:text\",[\"~:text\",\"~::text\",\"~:ns/text\"]]".getBytes(StandardCharsets.UTF_8);

    Object decoded = Codec.standard().decode(json, WireFormat.JSON);

    assertThat(decoded)
        .isEqualTo(
            Map.of(
                Transit.kw("text"),
                List.of(Transit.kw("text"), Transit.kw("text"), Transit.kw("ns/text"))));
    @SuppressWarnings("unchecked")
    List<Object> values = (List<Object>) ((Map<Object, Object>) decoded).get(Transit.kw("text"));
    Object key = ((Map<?, ?>) decoded).keySet().iterator().next();
    assertThat(values.get(0)).isSameAs(key);
  }
}
