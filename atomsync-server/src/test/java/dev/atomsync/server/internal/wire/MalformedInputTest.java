package dev.atomsync.server.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Input that is not a push never gets another exception, a stack overflow or a hang. */
@Timeout(60)
class MalformedInputTest {
  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void truncationAtEveryOffset_givesCodecExceptionOrAValue(WireFormat format) {
    byte[] body = Bodies.randomPush(new SplittableRandom(7), 3, format);

    for (int length = 0; length < body.length; length++) {
      byte[] truncated = Arrays.copyOf(body, length);
      try {
        PushBodyReader.read(truncated, format);
      } catch (CodecException expected) {
        // the only exception allowed
      }
    }
    assertThat(PushBodyReader.read(body, format)).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void randomBytes_giveCodecException(WireFormat format) {
    Seeds.forEach(
        2000,
        random -> {
          byte[] garbage = new byte[random.nextInt(1, 64)];
          random.nextBytes(garbage);
          try {
            PushBodyReader.read(garbage, format);
          } catch (CodecException expected) {
            // the only exception allowed
          }
        });
  }

  @Test
  void deepNesting_isRefusedWithoutOverflowingTheStack() {
    int levels = 200_000;
    byte[] arrays = "[".repeat(levels).getBytes(StandardCharsets.US_ASCII);
    byte[] maps = "{\"a\":".repeat(levels).getBytes(StandardCharsets.US_ASCII);
    byte[] msgpack = new byte[levels];
    Arrays.fill(msgpack, (byte) 0x91); // an array of one item, again and again

    for (byte[] body : new byte[][] {arrays, maps}) {
      assertThatThrownBy(() -> PushBodyReader.read(body, WireFormat.JSON))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("nesting deeper than 512 levels");
    }
    assertThatThrownBy(() -> PushBodyReader.read(msgpack, WireFormat.MSGPACK))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("nesting deeper than 512 levels");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dd7fffffff", // an array announcing 2^31 - 1 items
        "df7fffffff", // a map announcing as many entries
        "db7fffffff41", // a string announcing 2 GiB
        "c4024141", // bin, which Transit never writes
        "d40141", // ext
        "c1", // never used
        "cf8000000000000000", // uint64 beyond a long
        "910000", // an array of one item, then a byte too many
        "92a1" // truncated
      })
  void hostileMessagePack_isRefusedAtOnce(String hex) {
    byte[] body = HexFormat.of().parseHex(hex);

    assertThatThrownBy(() -> PushBodyReader.read(body, WireFormat.MSGPACK))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed application/transit+msgpack: ");
  }

  @Test
  void hugeBodies_areReadInLinearTime() {
    // 2.5 MB of one keyword repeated as a cache reference (the push envelope caches seven strings
    // before it): no quadratic work anywhere.
    StringBuilder value = new StringBuilder("[\"~:long-keyword\"");
    for (int i = 0; i < 500_000; i++) {
      value.append(",\"^7\"");
    }
    byte[] body = PushBodyReaderTest.json(PushBodyReaderTest.pushOf(value.append(']').toString()));

    long start = System.nanoTime();
    Object read = PushBodyReader.read(body, WireFormat.JSON);

    assertThat(PushBodyReaderTest.PushRequestOf.rawValue(read, 0).toString())
        .startsWith("[\"~:long-keyword\",\"~:long-keyword\",");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void nestedTagsThatOnlyDecodingCanCheck_stayLinear() {
    // Each link is checked by decoding it, so 400 nested links would decode the innermost 400
    // times.
    String link = "[\"~#link\",[\"^ \",\"href\",\"~rhttp://x\",\"rel\",%s]]";
    String chain = "1";
    for (int i = 0; i < 200; i++) {
      chain = link.formatted(chain);
    }
    byte[] shallow = PushBodyReaderTest.json(PushBodyReaderTest.pushOf(link.formatted("1")));
    byte[] deep =
        PushBodyReaderTest.json(PushBodyReaderTest.pushOf("[" + (chain + ",").repeat(50) + "1]"));

    assertThat(PushBodyReader.read(shallow, WireFormat.JSON)).isNotNull();
    long start = System.nanoTime();
    assertThatThrownBy(() -> PushBodyReader.read(deep, WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("too many nested tagged values");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
