package dev.atomsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding input that is not one valid Transit value fails with a {@link CodecException}. */
class CodecMalformedInputTest {
  private static final Codec CODEC = Codec.standard();

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] msgpack(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] repeat(int times, byte open, byte... end) {
    byte[] bytes = Arrays.copyOf(new byte[0], times + end.length);
    Arrays.fill(bytes, 0, times, open);
    System.arraycopy(end, 0, bytes, times, end.length);
    return bytes;
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsEmptyInput(WireFormat format) {
    assertThatThrownBy(() -> CODEC.decode(new byte[0], format))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed " + format.mediaType());
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsEveryTruncation(WireFormat format) {
    byte[] whole =
        Fixtures.CODEC.encode(
            List.of(Map.of("key", List.of(1L, 2.5, "text")), new byte[] {1, 2}), format);

    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> CODEC.decode(cut, format))
          .as("first %d of %d bytes", length, whole.length)
          .isInstanceOf(CodecException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage",
        "[",
        "]",
        "[1,",
        "{\"a\":",
        "[\"unterminated",
        "[1] [2]",
        "[1] x",
        "1 2",
        "[\"~i12x\"]",
        "[\"~#set\", 5]",
        "[\"~#cmap\", [1]]",
        "[\"~#list\", \"x\"]",
        "[\"~zHuge\"]",
        "[\"~u1234\"]",
        "[\"~m12x\"]",
        "[\"~c\"]",
        "[\"~#'\", \"~#set\"]",
        "[1, \"~#set\"]",
        "\"~#set\"",
        "[\"~#x\", [1]]",
        "[\"~#time/instant\", \"yesterday\"]",
        "[\"^ \", \"^ZZ\", 1, \"^\", 2]",
        "[\"a\\ud800\"]",
        "[\"\\udc00\"]"
      })
  void decode_rejectsMalformedJson(String text) {
    assertThatThrownBy(() -> CODEC.decode(json(text), WireFormat.JSON))
        .as(text)
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed application/transit+json: ");
  }

  @Test
  void decode_rejectsUtf8EncodedSurrogateInJson() {
    byte[] bytes = {'[', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ']'};

    assertThatThrownBy(() -> CODEC.decode(bytes, WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("surrogate");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "91",
        "92c0",
        "c1",
        "c40101",
        "c7010100",
        "d40100",
        "9101ff",
        "dd7fffffff01",
        "df7fffffff0101",
        "dc0010",
        "db7fffffff41",
        "a5616263",
        "cf",
        "cfffffffffffffffff"
      })
  void decode_rejectsMalformedMsgpack(String hex) {
    assertThatThrownBy(() -> CODEC.decode(msgpack(hex), WireFormat.MSGPACK))
        .as(hex)
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed application/transit+msgpack: ");
  }

  @Test
  void decode_rejectsArrayHeaderAskingForMoreItemsThanBytesFollow() {
    // Without the check transit-java preallocates 2^31 slots and fails with OutOfMemoryError.
    assertThatThrownBy(() -> CODEC.decode(msgpack("dd7fffffff01"), WireFormat.MSGPACK))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("announces 2147483647 items but only 1 bytes follow");
  }

  @Test
  void decode_rejectsHundredThousandNestedJsonArrays() {
    byte[] bytes = repeat(100_000, (byte) '[');

    assertThatThrownBy(() -> CODEC.decode(bytes, WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("nesting deeper than " + Codec.MAX_DEPTH + " levels");
  }

  @Test
  void decode_rejectsHundredThousandNestedMsgpackArrays() {
    byte[] bytes = repeat(100_000, (byte) 0x91, (byte) 0x01);

    assertThatThrownBy(() -> CODEC.decode(bytes, WireFormat.MSGPACK))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("nesting deeper than " + Codec.MAX_DEPTH + " levels");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_acceptsMaxDepthOnThreadWithDefaultStackSize(WireFormat format) throws Exception {
    // Maps cost transit-java the most stack per level; a set takes two levels.
    Object deepMaps = 1L;
    for (int i = 1; i < Codec.MAX_DEPTH; i++) {
      deepMaps = Map.of(Transit.kw("k"), deepMaps);
    }
    Object deepSets = "leaf";
    for (int i = 1; i < Codec.MAX_DEPTH / 2; i++) {
      deepSets = java.util.Set.of(deepSets);
    }
    for (Object deep : List.of(List.of(deepMaps), List.of(deepSets))) {
      AtomicReference<Object> decoded = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      byte[] bytes = CODEC.encode(deep, format);
      Thread thread =
          new Thread(
              null,
              () -> {
                try {
                  decoded.set(CODEC.decode(bytes, format));
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "one-MiB-stack",
              1024 * 1024);
      thread.start();
      thread.join();

      assertThat(failure.get()).isNull();
      assertThat(decoded.get()).isEqualTo(deep);
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsOneLevelBeyondMaxDepth(WireFormat format) {
    byte[] atLimit = nestedVectors(Codec.MAX_DEPTH, format);
    byte[] beyond = nestedVectors(Codec.MAX_DEPTH + 1, format);

    assertThat(CODEC.decode(atLimit, format)).isInstanceOf(List.class);
    assertThatThrownBy(() -> CODEC.decode(beyond, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("nesting deeper than " + Codec.MAX_DEPTH);
  }

  /** Returns {@code depth} arrays nested around an empty one, written byte by byte. */
  private static byte[] nestedVectors(int depth, WireFormat format) {
    if (format == WireFormat.JSON) {
      return json("[".repeat(depth) + "]".repeat(depth));
    }
    return repeat(depth - 1, (byte) 0x91, (byte) 0x90);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_rejectsBigIntegerLongerThanLimit(WireFormat format) {
    String digits = "9".repeat(Codec.MAX_NUMBER_LENGTH + 1);
    byte[] bytes = json("[\"~n" + digits + "\", \"~f" + digits + "\"]");
    byte[] input = format == WireFormat.JSON ? bytes : msgpackOfStrings("~n" + digits);

    assertThatThrownBy(() -> CODEC.decode(input, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("longer than the limit of " + Codec.MAX_NUMBER_LENGTH);
    assertThat(CODEC.decode(json("[\"~n" + digits.substring(1) + "\"]"), WireFormat.JSON))
        .isEqualTo(List.of(new BigInteger(digits.substring(1))));
  }

  /** Returns a MessagePack array of one string, written without the codec's checks. */
  private static byte[] msgpackOfStrings(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[4 + utf8.length];
    bytes[0] = (byte) 0x91;
    bytes[1] = (byte) 0xda;
    bytes[2] = (byte) (utf8.length >> 8);
    bytes[3] = (byte) utf8.length;
    System.arraycopy(utf8, 0, bytes, 4, utf8.length);
    return bytes;
  }

  @Test
  void decode_ofStream_readsOneValueToTheEnd() {
    ByteArrayInputStream in = new ByteArrayInputStream(json("[\"~:a\", 1]  \n"));

    assertThat(CODEC.decode(in, WireFormat.JSON)).isEqualTo(List.of(Transit.kw("a"), 1L));
    assertThat(in.available()).isZero();
  }

  @Test
  void decode_ofStream_rejectsTwoValues() {
    ByteArrayInputStream in = new ByteArrayInputStream(json("[1][2]"));

    assertThatThrownBy(() -> CODEC.decode(in, WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("unexpected bytes after the value, at byte 3");
  }

  @Test
  void decode_reportsJsonSyntaxErrorOnOneLine() {
    assertThatThrownBy(() -> CODEC.decode(json("[nope]"), WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
