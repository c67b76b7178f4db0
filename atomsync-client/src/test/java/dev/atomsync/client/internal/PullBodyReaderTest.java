package dev.atomsync.client.internal;

import static dev.atomsync.core.Transit.kw;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.spi.PulledPage;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.Transit;
import dev.atomsync.core.WireFormat;
import dev.atomsync.core.internal.JsonOut;
import dev.atomsync.core.internal.SpliceCheck;
import dev.atomsync.core.internal.TransitCodec;
import dev.atomsync.core.testing.PlainValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PullBodyReader} must read a pull response exactly as the general way decodes it, keeping
 * each value's bytes as they came, or decline: it may never accept a response the general way
 * refuses, nor read one differently.
 */
class PullBodyReaderTest {
  private static final Codec CODEC = Codec.standard();
  private static final Instant UPDATED = Instant.parse("2026-12-03T10:15:30.123Z");

  @Test
  void aPageAsTheServerWritesIt_isRead_valuesKeptAsTheyCame() {
    Map<Object, Object> todo = new LinkedHashMap<>();
    todo.put(kw("text"), "Buy milk \"now\" \u00e9\ud83d\ude00");
    todo.put(kw("done"), false);
    todo.put(kw("owner"), UUID.fromString("6f1c1d5e-94a5-4c37-9d0a-5b36ea7d3f01"));
    todo.put(kw("created"), new Date(1_700_000_000_000L));
    Page page = new Page()
        .doc("todo:1", spliced(todo), 3, false, 11)
        .doc("~todo:2", spliced("just text"), 1, false, 12)
        .doc("^todo:3", null, 2, true, 13)
        .doc("todo:4", spliced(42L), 1, false, 14);
    byte[] body = page.body(14, false, false, 9);

    PulledPage read = PullBodyReader.read(body, CODEC);

    assertThat(read).isNotNull();
    assertThat(read.response()).isEqualTo(readGenerally(body));
    assertThat(read.response().docs()).extracting(Doc::id)
        .containsExactly("todo:1", "~todo:2", "^todo:3", "todo:4");
    assertThat(read.stored()).containsExactlyElementsOf(page.stored);
    assertThat(new String(read.stored().get(1).value(), UTF_8)).isEqualTo("\"just text\"");
    assertThat(CODEC.decode(read.stored().get(1).value(), WireFormat.JSON)).isEqualTo("just text");
  }

  @Test
  void anEmptyPage_andOneWithoutAHorizon_areRead() {
    byte[] empty = "[\"^ \",\"~:docs\",[],\"~:cursor\",7,\"~:more\",false,\"~:reset\",true]"
        .getBytes(UTF_8);

    PulledPage read = PullBodyReader.read(empty, CODEC);

    assertThat(read).isNotNull();
    assertThat(read.response()).isEqualTo(new PullResponse(List.of(), 7, false, true, 0));
  }

  @Test
  void generatedPages_areReadAsTheGeneralWayReadsThem() {
    SplittableRandom random = new SplittableRandom(11);
    int read = 0;
    for (int i = 0; i < 1_000; i++) {
      Page page = randomPage(random);
      byte[] body = page.body(random.nextLong(1_000), random.nextBoolean(),
          random.nextBoolean(), random.nextLong(50));
      PulledPage plain = PullBodyReader.read(body, CODEC);
      if (plain != null) {
        read++;
        assertThat(plain.response()).isEqualTo(readGenerally(body));
        assertThat(plain.stored()).containsExactlyElementsOf(page.stored);
        assertStoredAsGenerally(plain, body);
      } else {
        assertThat(page.spliceable).as("declined a page of values it can copy").isFalse();
      }
    }
    assertThat(read).as("pages read without the general way").isGreaterThan(500);
  }

  @Test
  void damagedPages_areDeclinedOrReadAsTheGeneralWayReadsThem() {
    SplittableRandom random = new SplittableRandom(5);
    byte[] marks = "[]{}\",:^~`\\ 0-9a#\u00e9".getBytes(UTF_8);
    int read = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] body = randomPage(random).body(5, false, false, 0);
      byte[] damaged = switch (random.nextInt(3)) {
        case 0 -> {
          byte[] copy = body.clone();
          copy[random.nextInt(copy.length)] = marks[random.nextInt(marks.length)];
          yield copy;
        }
        case 1 -> Arrays.copyOf(body, random.nextInt(body.length));
        default -> {
          int at = random.nextInt(body.length);
          byte[] copy = new byte[body.length - 1];
          System.arraycopy(body, 0, copy, 0, at);
          System.arraycopy(body, at + 1, copy, at, body.length - at - 1);
          yield copy;
        }
      };
      PulledPage plain = PullBodyReader.read(damaged, CODEC);
      if (plain != null) {
        read++;
        assertThat(plain.response()).as(new String(damaged, UTF_8))
            .isEqualTo(readGenerally(damaged));
        assertStoredAsGenerally(plain, damaged);
      }
    }
    assertThat(read).as("damaged pages still read").isPositive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"~:docs\":[],\"~:cursor\":1,\"~:more\":false,\"~:reset\":false}", // verbose maps
        "[\"^ \",\"~:docs\",[],\"~:cursor\",1,\"~:more\",false,\"~:reset\",false,\"~:x\",1]",
        "[\"^ \",\"~:docs\",[],\"~:cursor\",\"~i1\",\"~:more\",false,\"~:reset\",false]",
        "[\"^ \",\"~:docs\",[],\"~:cursor\",-1,\"~:more\",false,\"~:reset\",false]",
        "[\"^ \",\"~:docs\",[],\"~:cursor\",1,\"~:more\",false]", // no reset
        "[\"^ \",\"~:docs\",[],\"~:cursor\",1,\"~:more\",false,\"~:reset\",false]x",
        "[\"^ \",\"~:docs\",[],\"~:cursor\",1,\"~:cursor\",2,\"~:more\",false,\"~:reset\",false]",
        "[\"^ \",\"~:docs\",[[\"^ \",\"~:id\",\"^0\",\"~:value\",1,\"~:version\",1,"
            + "\"~:deleted\",false,\"~:seq\",1,\"~:updated\",\"~m1\"]],\"~:cursor\",1,"
            + "\"~:more\",false,\"~:reset\",false]", // a cache reference as the id
        "[\"^ \",\"~:docs\",[[\"^ \",\"~:id\",\"a\",\"~:value\",[\"^ \",\"~:k\",1,\"^0\",2],"
            + "\"~:version\",1,\"~:deleted\",false,\"~:seq\",1,\"~:updated\",\"~m1\"]],"
            + "\"~:cursor\",1,\"~:more\",false,\"~:reset\",false]", // one inside a value
        "[\"^ \",\"~:docs\",[[\"^ \",\"~:id\",\"a\",\"~:value\",1,\"~:version\",1,"
            + "\"~:deleted\",false,\"~:seq\",1,\"~:updated\",\"~t2026-12-03T10:15:30Z\"]],"
            + "\"~:cursor\",1,\"~:more\",false,\"~:reset\",false]", // an instant as text
        "[\"^ \",\"~:docs\",[[\"^ \",\"~:id\",\"a\",\"~:version\",1,\"~:deleted\",true,"
            + "\"~:seq\",1,\"~:updated\",\"~m1\"]],\"~:cursor\",1,\"~:more\",false,"
            + "\"~:reset\",false]", // no value at all
        "",
      })
  void unusualPages_areLeftToTheGeneralWay(String body) {
    assertThat(PullBodyReader.read(body.getBytes(UTF_8), CODEC)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"\\u005e0\"]", // a cache reference written as an escape
        "[\"^ \",\"~:name\",1,\"\\u005e0\",2]",
        "[\"\\u007e#'\",null]", // a quote written with an escape
        "[ \"~#'\",1]",
        "{\"~:a\":1}", // a verbose map
        "[1,{\"~:a\":1}]",
        "[\"^ \",\"~:a\",1,\"~:b\"]", // a map whose last key has no value
        "[[\"^ \",\"~:a\"],2]",
        "[\"^0\",1]",
        "[\"~#set\"]", // a tag without its representation
        "[[\"~#set\",[],1],2]",
        "[\"^ \",\"~#set\",[1],\"~:a\",2]", // a tag as a map's key
        "\"~#set\"",
      })
  void valuesThatCannotBeKeptAsTheyAre_areLeftToTheGeneralWay(String value) {
    byte[] body = new Page().doc("a", value.getBytes(UTF_8), 1, false, 1).body(1, false, false, 0);

    assertThat(PullBodyReader.read(body, CODEC)).isNull();
  }

  @Test
  void aCaretWrittenAsAnOverlongUtf8Sequence_isDeclinedOrReadAsGenerally() {
    byte[] value = {'[', '"', (byte) 0xC1, (byte) 0x9E, '0', '"', ']'};
    byte[] inMap = {'[', '"', '^', ' ', '"', ',', '"', '~', ':', 'k', '"', ',', '1', ',', '"',
        (byte) 0xC1, (byte) 0x9E, '0', '"', ',', '2', ']'};

    assertDeclinedOrReadAsGenerally(
        new Page().doc("a", value, 1, false, 1).body(1, false, false, 0));
    assertDeclinedOrReadAsGenerally(
        new Page().doc("a", inMap, 1, false, 1).body(1, false, false, 0));
  }

  @Test
  void aValueThatDecodesToNil_isStoredAsNoValue_asTheGeneralWayStoresIt() {
    byte[] body = new Page().doc("a", "\"~_\"".getBytes(UTF_8), 2, false, 1)
        .body(1, false, false, 0);

    PulledPage read = PullBodyReader.read(body, CODEC);

    assertThat(read).isNotNull();
    assertThat(read.response().docs().getFirst().value()).isNull();
    assertThat(read.stored().getFirst().value()).isNull();
    assertStoredAsGenerally(read, body);
  }

  @Test
  void bodiesTheGeneralWayRefuses_areDeclined() {
    byte[] page = new Page().body(1, false, false, 0);
    byte[] withMark = new byte[page.length + 3];
    withMark[0] = (byte) 0xEF;
    withMark[1] = (byte) 0xBB;
    withMark[2] = (byte) 0xBF;
    System.arraycopy(page, 0, withMark, 3, page.length);
    byte[] utf16 = new String(page, UTF_8).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);

    assertThat(PullBodyReader.read(page, CODEC)).isNotNull();
    assertThat(PullBodyReader.read(withMark, CODEC)).isNull();
    assertThat(PullBodyReader.read(utf16, CODEC)).isNull();
  }

  @Test
  void nesting_isReadUpToTheDepthTheGeneralWayReads() {
    // The envelope holds a value three levels deep: the response, the docs, the doc.
    int deepest = Codec.MAX_DEPTH - 3;
    byte[] fits = new Page().doc("a", nested(deepest), 1, false, 1).body(1, false, false, 0);
    byte[] tooDeep =
        new Page().doc("a", nested(deepest + 1), 1, false, 1).body(1, false, false, 0);

    assertThat(PullBodyReader.read(fits, CODEC)).isNotNull();
    assertThat(readGenerally(fits)).isNotNull();
    assertThat(PullBodyReader.read(tooDeep, CODEC)).isNull();
  }

  private static byte[] nested(int depth) {
    return ("[".repeat(depth) + "]".repeat(depth)).getBytes(UTF_8);
  }

  /** Returns {@code value} as the server stores it: Transit JSON with no cache and no quote. */
  private static byte[] spliced(Object value) {
    return TransitCodec.encodeSpliceable(CODEC, value);
  }

  /**
   * Checks that each stored value decodes to the document's value as the general way decodes it,
   * and that a document the general way stores no value for has none.
   */
  private static void assertStoredAsGenerally(PulledPage plain, byte[] body) {
    List<Doc> general = readGenerally(body).docs();
    for (int i = 0; i < general.size(); i++) {
      Doc doc = general.get(i);
      byte[] stored = plain.stored().get(i).value();
      if (doc.deleted() || doc.value() == null) {
        assertThat(stored).isNull();
      } else {
        assertThat(CODEC.decode(stored, WireFormat.JSON)).isEqualTo(doc.value());
      }
    }
  }

  /** Checks that the reader declines {@code body} or reads it as the general way does. */
  private static void assertDeclinedOrReadAsGenerally(byte[] body) {
    PulledPage plain = PullBodyReader.read(body, CODEC);
    if (plain != null) {
      assertThat(plain.response()).isEqualTo(readGenerally(body));
      assertStoredAsGenerally(plain, body);
    }
  }

  private static PullResponse readGenerally(byte[] body) {
    return PullResponse.fromTransit(CODEC.decode(body, WireFormat.JSON));
  }

  private static Page randomPage(SplittableRandom random) {
    PlainValues values = new PlainValues(random);
    Page page = new Page();
    for (int i = random.nextInt(6); i > 0; i--) {
      boolean deleted = random.nextInt(5) == 0;
      Object value = Objects.requireNonNullElse(values.value(3), "nil at the top");
      String id = values.text() + (random.nextInt(10) == 0 ? "\ud83d\ude00" : "") + i;
      page.doc(id, deleted ? null : spliced(value), random.nextLong(1, 100), deleted,
          random.nextLong(1_000));
    }
    return page;
  }

  /** A pull response written as the AtomSync server writes one, and what the reader should keep. */
  private static final class Page {
    private final StringBuilder docs = new StringBuilder();
    private final List<RemoteDoc> stored = new ArrayList<>();
    private boolean spliceable = true;

    Page doc(String id, byte @Nullable [] value, long version, boolean deleted, long seq) {
      JsonOut out = new JsonOut(64);
      out.transitString(id);
      docs.append(docs.isEmpty() ? "" : ",").append("[\"^ \",\"~:id\",")
          .append(new String(out.copy(0), UTF_8))
          .append(",\"~:value\",").append(value == null ? "null" : new String(value, UTF_8))
          .append(",\"~:version\",").append(version)
          .append(",\"~:deleted\",").append(deleted)
          .append(",\"~:seq\",").append(seq)
          .append(",\"~:updated\",\"~m").append(UPDATED.toEpochMilli()).append("\"]");
      stored.add(new RemoteDoc(id, deleted ? null : value, version));
      spliceable &= value == null || SpliceCheck.isSpliceable(value);
      spliceable &= id.chars().noneMatch(c -> Character.isSurrogate((char) c));
      return this;
    }

    byte[] body(long cursor, boolean more, boolean reset, long horizon) {
      return ("[\"^ \",\"~:docs\",[" + docs + "],\"~:cursor\"," + cursor + ",\"~:more\"," + more
              + ",\"~:reset\"," + reset + ",\"~:horizon\"," + horizon + "]")
          .getBytes(UTF_8);
    }
  }
}
