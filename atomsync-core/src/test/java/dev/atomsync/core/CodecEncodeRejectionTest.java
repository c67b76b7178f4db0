package dev.atomsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What cannot be encoded fails with a {@link CodecException} instead of changing on the way. */
class CodecEncodeRejectionTest {
  private static final Codec CODEC = Codec.standard();

  /** Not registered with any codec. */
  record Unregistered(int x) {}

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_rejectsUnsupportedTypeNamingItsClass(WireFormat format) {
    for (Object value :
        List.of(
            Optional.empty(),
            new ArrayDeque<>(List.of(1)),
            new HashMap<>(Map.of(1, 2)).values(),
            new Unregistered(1),
            Thread.currentThread())) {
      assertThatThrownBy(() -> CODEC.encode(value, format))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("no Transit representation for " + value.getClass().getName());
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_plainObject_isRejectedNotWrittenAsNil(WireFormat format) {
    assertThatThrownBy(() -> CODEC.encode(List.of(new Object()), format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no Transit representation for java.lang.Object");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_rejectsUnsupportedTypeNestedDeepInside(WireFormat format) {
    Object value = Map.of("outer", List.of(1, Map.of(Transit.kw("k"), new Unregistered(2))));

    assertThatThrownBy(() -> CODEC.encode(value, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("no Transit representation for " + Unregistered.class.getName());
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_rejectsLoneSurrogates(WireFormat format) {
    for (Object value :
        List.of(
            "a\uD800b",
            List.of("\uDC00"),
            Map.of("k\uD83D", 1L),
            Transit.kw("x\uD800"),
            Transit.sym("\uDFFF"))) {
      assertThatThrownBy(() -> CODEC.encode(value, format))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("lone surrogate");
    }
    assertThat(CODEC.decode(CODEC.encode("pair \uD83D\uDE00", format), format))
        .isEqualTo("pair \uD83D\uDE00");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_rejectsNestingBeyondMaxDepth(WireFormat format) {
    assertThatThrownBy(() -> CODEC.encode(nested(Codec.MAX_DEPTH + 1), format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("nesting deeper than " + Codec.MAX_DEPTH);
    assertThat(CODEC.decode(CODEC.encode(nested(Codec.MAX_DEPTH), format), format))
        .isEqualTo(nested(Codec.MAX_DEPTH));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_rejectsHundredThousandLevelsWithoutOverflowingTheCaller(WireFormat format) {
    Object deep = nested(100_000);

    assertThatThrownBy(() -> CODEC.encode(deep, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("nest");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_rejectsListThatContainsItself(WireFormat format) {
    List<Object> loop = new ArrayList<>();
    loop.add(loop);

    assertThatThrownBy(() -> CODEC.encode(loop, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("contains itself");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_rejectsBigNumbersLongerThanLimit(WireFormat format) {
    BigInteger huge = BigInteger.TEN.pow(Codec.MAX_NUMBER_LENGTH);
    BigDecimal fine = new BigDecimal(BigInteger.TEN.pow(990), 5);

    assertThatThrownBy(() -> CODEC.encode(huge, format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("big integer of 1001 characters is longer than the limit of 1000");
    assertThatThrownBy(() -> CODEC.encode(new BigDecimal(huge, 3), format))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("big decimal");
    assertThat(CODEC.decode(CODEC.encode(fine, format), format)).isEqualTo(fine);
  }

  @Test
  void encode_toStream_writesNothingWhenValueCannotBeEncoded() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> CODEC.encode(List.of("ok", Optional.empty()), WireFormat.JSON, out))
        .isInstanceOf(CodecException.class);
    assertThat(out.size()).isZero();
  }

  @Test
  void encode_toStream_reportsWriteFailureAsUncheckedIoException() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };

    assertThatThrownBy(() -> CODEC.encode(List.of(1L), WireFormat.MSGPACK, broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk full");
  }

  @Test
  void encode_toStream_writesTheSameBytesAsEncode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    CODEC.encode(Map.of(Transit.kw("a"), 1L), WireFormat.MSGPACK, out);

    assertThat(out.toByteArray())
        .isEqualTo(CODEC.encode(Map.of(Transit.kw("a"), 1L), WireFormat.MSGPACK));
  }

  /** Returns {@code depth} vectors nested around an empty one, built without recursion. */
  private static Object nested(int depth) {
    Object value = List.of();
    for (int i = 1; i < depth; i++) {
      value = List.of(value);
    }
    return value;
  }
}
