package dev.atomsync.core;

import static dev.atomsync.core.testing.TransitEquality.assertSame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.testing.Fixtures;
import dev.atomsync.core.testing.PropertyCheck;
import dev.atomsync.core.testing.TransitEquality;
import dev.atomsync.core.testing.TransitGen;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Properties of the codec over generated nested values of every supported type, in both formats.
 * See {@link PropertyCheck} for seeds and shrinking.
 */
class CodecPropertyTest {
  private static final int TRIES = 500;
  private static final int DEPTH = 4;
  private static final Codec CODEC = Fixtures.CODEC;

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofEncoded_returnsEqualValue(WireFormat format) {
    PropertyCheck.forAllValues(
        TRIES, DEPTH, value -> assertSame(value, TransitEquality.roundTrip(CODEC, value, format)));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_isDeterministic(WireFormat format) {
    PropertyCheck.forAllValues(
        TRIES,
        DEPTH,
        value -> assertThat(CODEC.encode(value, format)).isEqualTo(CODEC.encode(value, format)));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_ofDecoded_givesSameBytes(WireFormat format) {
    PropertyCheck.forAllValues(
        TRIES,
        DEPTH,
        value -> {
          byte[] bytes = CODEC.encode(value, format);
          assertThat(CODEC.encode(CODEC.decode(bytes, format), format)).isEqualTo(bytes);
        });
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void standardCodec_passesRegisteredTypesThroughUnchanged(WireFormat format) {
    PropertyCheck.forAll(
        TRIES,
        random -> new TransitGen(random).registered(DEPTH - 1),
        TransitGen::parts,
        value -> {
          byte[] sent = CODEC.encode(value, format);
          byte[] passedOn = Codec.standard().encode(Codec.standard().decode(sent, format), format);
          assertThat(passedOn).isEqualTo(sent);
          assertSame(value, CODEC.decode(passedOn, format));
        });
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofOtherFormat_keepsValue(WireFormat format) {
    WireFormat other = format == WireFormat.JSON ? WireFormat.MSGPACK : WireFormat.JSON;
    PropertyCheck.forAllValues(
        TRIES,
        DEPTH,
        value -> {
          Object decoded = CODEC.decode(CODEC.encode(value, format), format);
          assertSame(value, TransitEquality.roundTrip(CODEC, decoded, other));
        });
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofTruncatedEncoding_throwsCodecException(WireFormat format) {
    PropertyCheck.forAll(
        TRIES,
        random -> cut(CODEC.encode(new TransitGen(random).value(DEPTH), format), random),
        bytes -> List.of(),
        bytes ->
            assertThatThrownBy(() -> CODEC.decode(bytes, format))
                .isInstanceOf(CodecException.class));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofCorruptedEncoding_returnsValueOrThrowsCodecException(WireFormat format) {
    PropertyCheck.forAll(
        TRIES,
        random -> corrupt(CODEC.encode(new TransitGen(random).value(DEPTH), format), random),
        bytes -> List.of(),
        bytes -> decodesOrThrowsCodecException(bytes, format));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofRandomBytes_returnsValueOrThrowsCodecException(WireFormat format) {
    PropertyCheck.forAll(
        TRIES,
        random -> {
          byte[] bytes = new byte[random.nextInt(40)];
          random.nextBytes(bytes);
          return bytes;
        },
        bytes -> List.of(),
        bytes -> decodesOrThrowsCodecException(bytes, format));
  }

  private static void decodesOrThrowsCodecException(byte[] bytes, WireFormat format) {
    Object value;
    try {
      value = CODEC.decode(bytes, format);
    } catch (CodecException expected) {
      return;
    }
    // Whatever decoding accepts can be written again, in either format.
    for (WireFormat any : WireFormat.values()) {
      try {
        CODEC.encode(value, any);
      } catch (CodecException e) {
        assertThat(e.getMessage()).as("re-encoding what was decoded").contains("nest");
      }
    }
  }

  private static byte[] cut(byte[] bytes, RandomGenerator random) {
    return Arrays.copyOf(bytes, random.nextInt(bytes.length));
  }

  private static byte[] corrupt(byte[] bytes, RandomGenerator random) {
    byte[] corrupted = bytes.clone();
    int flips = random.nextInt(1, 4);
    for (int i = 0; i < flips; i++) {
      corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
    }
    return corrupted;
  }
}
