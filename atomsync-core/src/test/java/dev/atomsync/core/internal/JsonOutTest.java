package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonOutTest {
  @Test
  void writesRandomLongsOfEverySizeAsJavaDoes() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      // Shifted right by a random amount, so short numbers come as often as long ones.
      long value = random.nextLong() >> random.nextInt(64);
      assertThat(written(value)).isEqualTo(Long.toString(value));
    }
  }

  @Test
  void writesEveryNumberOfDigitsAndTheExtremes() throws IOException {
    long power = 1;
    for (int digits = 1; digits <= 19; digits++) {
      for (long value : new long[] {power, power - 1, power + 1, -power, 9 * power}) {
        assertThat(written(value)).isEqualTo(Long.toString(value));
      }
      power = digits < 19 ? power * 10 : power;
    }
    for (long value : new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
      assertThat(written(value)).isEqualTo(Long.toString(value));
    }
  }

  @Test
  void writesNumbersAfterWhatIsAlreadyThere() throws IOException {
    JsonOut out = new JsonOut(1);
    out.raw('[');
    out.number(1_796_281_622_945L);
    out.raw(',');
    out.numberString("~m", 42);
    out.raw(']');
    assertThat(text(out)).isEqualTo("[1796281622945,\"~m42\"]");
  }

  private static String written(long value) throws IOException {
    JsonOut out = new JsonOut(1);
    out.number(value);
    return text(out);
  }

  private static String text(JsonOut out) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    out.writeTo(bytes);
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
