package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {
  private final AtomicInteger calls = new AtomicInteger();
  private final Memo<String, StringBuilder> memo =
      new Memo<>(key -> {
        calls.incrementAndGet();
        if (key.isEmpty()) {
          throw new IllegalArgumentException("empty");
        }
        return new StringBuilder(key);
      });

  @Test
  void aValue_isMadeOnceAndKept() {
    StringBuilder first = memo.get("a");

    assertThat(memo.get("a")).isSameAs(first);
    assertThat(calls).hasValue(1);
  }

  @Test
  void keysBeyondTheKeptOnes_areStillAnswered_andMadeEachTime() {
    for (int i = 0; i < Memo.MAX_KEPT; i++) {
      memo.get("k" + i);
    }
    calls.set(0);

    assertThat(memo.get("one more").toString()).isEqualTo("one more");
    assertThat(memo.get("one more").toString()).isEqualTo("one more");
    assertThat(calls).hasValue(2);
  }

  @Test
  void aFailure_isNotKept() {
    assertThatThrownBy(() -> memo.get("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> memo.get("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(calls).hasValue(2);
  }

  @Test
  void theCodecReadsEachKeywordOnce_asTransitJavaWouldMakeIt() {
    byte[] json =
        "[\"^ \",\"~:text\",[\"~:text\",\"~::text\",\"~:ns/text\"]]".getBytes(StandardCharsets.UTF_8);

    Object decoded = Codec.standard().decode(json, WireFormat.JSON);

    assertThat(decoded)
        .isEqualTo(
            Map.of(
                TransitFactory.keyword("text"),
                List.of(
                    TransitFactory.keyword("text"),
                    TransitFactory.keyword(":text"),
                    TransitFactory.keyword("ns/text"))));
    Object key = ((Map<?, ?>) decoded).keySet().iterator().next();
    Object value = ((List<?>) ((Map<?, ?>) decoded).get(key)).get(0);
    assertThat(value).isSameAs(key);
  }

  @Test
  void theCodecReadsALongKeywordAsTransitJavaWouldMakeIt_withoutKeepingIt() {
    String name = "k".repeat(65);
    byte[] json = ("[\"~:" + name + "\",\"~:" + name + "\"]").getBytes(StandardCharsets.UTF_8);

    List<?> decoded = (List<?>) Codec.standard().decode(json, WireFormat.JSON);

    assertThat(decoded).isEqualTo(List.of(TransitFactory.keyword(name), TransitFactory.keyword(name)));
    assertThat(decoded.get(1)).isNotSameAs(decoded.get(0));
  }
}
