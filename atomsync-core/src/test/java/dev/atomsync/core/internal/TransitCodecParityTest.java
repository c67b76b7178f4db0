package dev.atomsync.core.internal;

import static dev.atomsync.core.testing.TransitEquality.assertSame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.cognitect.transit.Reader;
import com.cognitect.transit.SPI.ReaderSPI;
import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import dev.atomsync.core.testing.Fixtures;
import dev.atomsync.core.testing.PropertyCheck;
import dev.atomsync.core.testing.TransitGen;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The codec's reused writers and read caches against a new transit-java writer and reader per
 * value, which is what the codec used before: the same bytes, the same values, the same failures.
 * Each property runs many values one after another, so pooled objects are reused between them.
 */
class TransitCodecParityTest {
  private static final int TRIES = 500;
  private static final int DEPTH = 4;
  private static final TransitCodec CODEC = (TransitCodec) Fixtures.CODEC;

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encode_givesTheBytesOfANewTransitJavaWriter(WireFormat format) {
    PropertyCheck.forAll(
        TRIES,
        random -> random.nextBoolean() ? gen(random).value(DEPTH) : gen(random).registered(DEPTH),
        TransitGen::parts,
        value ->
            assertThat(CODEC.encode(value, format)).isEqualTo(transitJavaBytes(value, format)));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void encodeAndDecode_ofValuesThatWrapTheCacheAndOutgrowTheBuffer_matchNewTransitJava(
      WireFormat format) {
    int large = OutputBuffer.RETAINED / 10; // entries of more than ten bytes each
    for (int size : new int[] {10, large / 4, 10, large, 10}) {
      Object value = largeValue(size);

      byte[] bytes = CODEC.encode(value, format);
      assertThat(bytes).isEqualTo(transitJavaBytes(value, format));
      assertDecodesAsTransitJava(bytes, format);
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofEncoded_givesTheValueOfANewTransitJavaReader(WireFormat format) {
    PropertyCheck.forAll(
        TRIES,
        random -> CODEC.encode(gen(random).value(DEPTH), format),
        bytes -> List.of(),
        bytes -> assertDecodesAsTransitJava(bytes, format));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofCorruptedEncoding_failsOrSucceedsAsANewTransitJavaReader(WireFormat format) {
    PropertyCheck.forAll(
        TRIES,
        random -> corrupt(CODEC.encode(gen(random).value(DEPTH), format), random),
        bytes -> List.of(),
        bytes -> assertDecodesAsTransitJava(bytes, format));
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void decode_ofMalformedUtf8AcrossReadChunks_failsOrSucceedsAsANewTransitJavaReader(
      WireFormat format) {
    // transit-java reads 8000 (Jackson) or 8192 (msgpack-core) bytes at a time; msgpack-core
    // decodes a string that straddles two chunks differently.
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2_000; i++) {
      int chunk = format == WireFormat.JSON ? 8000 : 8192;
      byte[] text = new byte[1 + random.nextInt(24)];
      for (int k = 0; k < text.length; k++) {
        text[k] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(0xc0, 256));
        if (text[k] == '"' || text[k] == '\\') {
          text[k] = 'x';
        }
      }
      byte[] bytes = twoStrings(chunk - random.nextInt(4, 20), text, format);

      assertDecodesAsTransitJava(bytes, format);
    }
  }

  private static TransitGen gen(RandomGenerator random) {
    return new TransitGen(random);
  }

  private static void assertDecodesAsTransitJava(byte[] bytes, WireFormat format) {
    Object expected = null;
    RuntimeException failure = null;
    try {
      expected = transitJavaValue(bytes, format);
    } catch (RuntimeException e) {
      failure = e;
    }
    if (failure == null) {
      assertSame(expected, CODEC.decode(bytes, format));
    } else {
      Throwable thrown = catchThrowable(() -> CODEC.decode(bytes, format));
      String prefix = "malformed " + format.mediaType() + ": ";
      assertThat(thrown).isInstanceOf(CodecException.class).hasMessageStartingWith(prefix);
      if (failure.getCause() instanceof StackOverflowError) {
        assertThat(thrown).hasMessage(prefix + "it nests too deeply for the stack");
      } else if (!thrown.getMessage().equals(prefix + TransitCodec.rootMessage(failure))) {
        // The JVM drops the message of an exception it throws from compiled code
        // (OmitStackTraceInFastThrow), so the two readers may word the same failure differently:
        // then they must at least fail for the same reason.
        assertThat(rootCause(thrown)).isExactlyInstanceOf(rootCause(failure).getClass());
      }
    }
  }

  /** Encodes as the codec did before it reused writers: a new transit-java writer per value. */
  private static byte[] transitJavaBytes(Object value, WireFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TransitFactory.writer(
            transitFormat(format), out, CODEC.writeHandlers(), UnsupportedTypeHandler.INSTANCE)
        .write(value);
    return out.toByteArray();
  }

  /** Decodes as the codec did before it reused read caches, its structure checks included. */
  private static Object transitJavaValue(byte[] bytes, WireFormat format) {
    switch (format) {
      case JSON -> JsonScanner.check(bytes, TransitCodec.MAX_DEPTH);
      case MSGPACK -> MsgpackScanner.check(bytes, TransitCodec.MAX_DEPTH);
    }
    Reader reader =
        TransitFactory.reader(
            transitFormat(format),
            new ByteArrayInputStream(bytes),
            CODEC.readHandlers(),
            Builders.UNKNOWN_TAG);
    ((ReaderSPI) reader).setBuilders(Builders.MAP, Builders.ARRAY);
    return Builders.checked(reader.read());
  }

  private static TransitFactory.Format transitFormat(WireFormat format) {
    return format == WireFormat.JSON ? TransitFactory.Format.JSON : TransitFactory.Format.MSGPACK;
  }

  /**
   * Returns {@code size} maps, each with a key of its own (3000 of them, more than the Transit
   * cache holds, so it fills and starts over) and a key they share (so cache codes are used in
   * between).
   */
  private static Object largeValue(int size) {
    Map<Object, Object> map = new LinkedHashMap<>();
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Map<Object, Object> item = new LinkedHashMap<>();
      item.put(TransitFactory.keyword("key-" + (i % 3000)), "value " + i);
      item.put(TransitFactory.keyword("shared"), (long) i);
      items.add(item);
    }
    map.put(TransitFactory.keyword("items"), items);
    return map;
  }

  /** Returns an array of a filler string of {@code fill} bytes and then {@code text}. */
  private static byte[] twoStrings(int fill, byte[] text, WireFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (format == WireFormat.JSON) {
      out.writeBytes("[\"".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes("a".repeat(fill).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes("\",\"".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(text);
      out.writeBytes("\"]".getBytes(StandardCharsets.US_ASCII));
    } else {
      out.write(0x92);
      out.write(0xda);
      out.write(fill >> 8);
      out.write(fill & 0xff);
      out.writeBytes("a".repeat(fill).getBytes(StandardCharsets.US_ASCII));
      out.write(0xd9);
      out.write(text.length);
      out.writeBytes(text);
    }
    return out.toByteArray();
  }

  private static byte[] corrupt(byte[] bytes, RandomGenerator random) {
    byte[] corrupted = Arrays.copyOf(bytes, bytes.length);
    int flips = random.nextInt(1, 4);
    for (int i = 0; i < flips; i++) {
      corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
    }
    return corrupted;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }
}
