package dev.atomsync.server.internal.wire;

import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.push;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import dev.atomsync.core.testing.PlainValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PlainPushReader} must give exactly what the general reader gives, or decline: it may never
 * accept a body the general reader refuses, nor read one differently.
 */
class PlainPushReaderTest {
  private static final String CHANGE = "~u0b4f4a32-6f1a-4e6b-9a44-2b8f0c9d1e7f";

  @Test
  void aBodyOfTodos_isReadPlainly_cacheReferencesAcrossChangesIncluded() {
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Map<Object, Object> todo = new LinkedHashMap<>();
      todo.put(kw("text"), "Buy milk, item " + i);
      todo.put(kw("done"), i % 2 == 0);
      todo.put(kw("tags"), Set.of(kw("groceries"), kw("home")));
      todo.put(kw("owner"), new UUID(i, -i));
      todo.put(kw("created"), new Date(1_700_000_000_000L + i));
      todo.put(kw("steps"), new LinkedList<>(List.of(1L, -2L, 0L)));
      changes.add(put("g:" + i, todo, i));
    }
    byte[] body = Codec.standard().encode(push("g", changes), WireFormat.JSON);
    assertThat(new String(body, StandardCharsets.UTF_8)).contains("\"^<\"");

    Map<Object, Object> plain = PlainPushReader.read(body);

    assertThat(plain).isNotNull().isEqualTo(readGenerally(body));
  }

  @Test
  void aBodyOfSplicedValues_asTheJavaClientWritesIt_isReadPlainly() {
    String change =
        "[\"^ \",\"~:id\",\"g:%d\",\"~:op\",\"~:put\",\"~:value\",[\"^ \",\"~:a\",%d,\"~:b\","
            + "[\"~#set\",[\"~:x\"]]],\"~:base\",0,\"~:change\",\"" + CHANGE + "\"]";
    String body =
        "[\"^ \",\"~:group\",\"g\",\"~:client\",\"c\",\"~:changes\",["
            + change.formatted(1, 1) + "," + change.formatted(2, 2)
            + ",[\"^ \",\"~:id\",\"g:3\",\"~:op\",\"~:delete\",\"~:base\",4,\"~:change\",\""
            + CHANGE + "\"]]]";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    Map<Object, Object> plain = PlainPushReader.read(bytes);

    assertThat(plain).isNotNull().isEqualTo(readGenerally(bytes));
  }

  @Test
  void theReadCacheStartsOverAsTransitJavasDoes() {
    // 44 * 44 cached strings fill the cache; keys drawn from a larger pool are written as
    // references before and after it starts over.
    SplittableRandom random = new SplittableRandom(7);
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Map<Object, Object> value = new LinkedHashMap<>();
      for (int k = 0; k < 700; k++) {
        value.put(kw("key-" + random.nextInt(1_500)), "v");
      }
      changes.add(put("g:" + i, value, 0));
    }
    byte[] body = Codec.standard().encode(push("g", changes), WireFormat.JSON);

    Map<Object, Object> plain = PlainPushReader.read(body);

    assertThat(plain).isNotNull().isEqualTo(readGenerally(body));
  }

  @Test
  void plainValues_areReadAsTheGeneralReaderReadsThem() {
    int[] read = new int[1];
    Seeds.forEach(
        2_000,
        random -> {
          if (readAsGenerally(randomPush(random))) {
            read[0]++;
          }
        });
    // The generator writes something declined now and then; most bodies must be read here.
    assertThat(read[0]).isGreaterThan(1_000);
  }

  @Test
  void damagedBodies_areDeclinedOrReadAsTheGeneralReaderReadsThem() {
    int[] outcomes = new int[2];
    Seeds.forEach(
        1_000,
        random -> {
          byte[] body = randomPush(random);
          for (int i = 0; i < 20; i++) {
            outcomes[readAsGenerally(Bodies.mutate(body, random)) ? 0 : 1]++;
          }
        });
    assertThat(outcomes[0]).isGreaterThan(400);
    assertThat(outcomes[1]).isGreaterThan(10_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"^ \", \"~:a\", 1]", // whitespace
        "[\"^ \",\"~:a\",\"line\\nbreak\"]", // an escape
        "[\"^ \",\"~:a\",\"caf\u00e9\"]", // beyond ASCII
        "[\"^ \",\"~:a\",1.5]", // a float
        "[\"^ \",\"~:a\",9007199254740992]", // beyond 2^53 - 1
        "[\"^ \",\"~:a\",12345678901234567]", // 17 digits
        "[\"^ \",\"~:a\",-0]",
        "[\"^ \",\"~:a\",007]",
        "[\"^ \",\"~:a\",[\"~#point\",[1,2]]]", // another tag
        "[\"~#cmap\",[1,2]]",
        "[\"^ \",\"~:a\",\"~#set\"]", // a tag where a value must be
        "[\"^ \",\"~:a\",\"~d1.5\"]", // another scalar tag
        "[\"^ \",\"~:a\",\"^ \"]", // the map marker as a value
        "[\"^ \",\"~:a\",\"^9\"]", // a reference to nothing cached
        "{\"~:a\":1}", // a JSON object
        "[\"^ \",1,2]", // a key that is not a string
        "[\"~#'\",1]", // a quote
        "[\"~#set\",[\"^ \",\"~:a\",1]]", // a set over a map
        "[\"^ \",\"~:a\",\"~u0b4f4a32-6f1a-4e6b-9a44\"]", // a short UUID
      })
  void unusualValues_areLeftToTheGeneralReader(String value) {
    byte[] body = bodyWithValue(value);

    assertThat(PlainPushReader.read(body)).isNull();
    assertThat(outcome(() -> PushBodyReader.read(body, WireFormat.JSON)))
        .isEqualTo(outcome(() -> readGenerally(body)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"^ \",\"~:group\",\"g\",\"~:extra\",1,\"~:changes\",[]]", // an unknown key
        "[\"^ \",\"~:group\",\"g\",\"~:changes\",[]]", // no changes
        "[\"^ \",\"~:group\",\"~:g\",\"~:changes\",[[\"^ \",\"~:id\",\"a\"]]]", // a tagged group
        "[\"^ \",\"~:group\",\"g\",\"~:changes\",[[\"^ \",\"~:op\",\"~:merge\"]]]", // another op
        "[\"^ \",\"~:group\",\"g\",\"~:changes\",[[\"^ \",\"~:base\",\"~i1\"]]]",
        "[\"^ \",\"~:group\",\"g\",\"~:changes\",[[\"^ \",\"~:change\",\"~u1-2-3-4-5\"]]]",
        "[\"^ \",\"~:group\",\"g\"]x", // bytes after the body
        "[\"^ \",\"~:group\",\"g\"", // cut short
        "",
      })
  void unusualEnvelopes_areLeftToTheGeneralReader(String body) {
    assertThat(PlainPushReader.read(body.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void valuesNestedNearTheLimit_areLeftToTheGeneralReader() {
    String deep = "[".repeat(WireLimits.MAX_VALUE_DEPTH) + "]".repeat(WireLimits.MAX_VALUE_DEPTH);
    String fine = "[".repeat(WireLimits.MAX_VALUE_DEPTH - 1) + "]".repeat(WireLimits.MAX_VALUE_DEPTH - 1);

    assertThat(PlainPushReader.read(bodyWithValue(deep))).isNull();
    assertThat(PlainPushReader.read(bodyWithValue(fine))).isNotNull();
  }

  @Test
  void aStringLongerThanJacksonReads_isLeftToTheGeneralReader_whichRefusesIt() {
    int tooLong = WireLimits.JSON.streamReadConstraints().getMaxStringLength() + 1;
    byte[] body = bodyWithValue("\"" + "x".repeat(tooLong) + "\"");

    assertThat(PlainPushReader.read(body)).isNull();
    assertThat(outcome(() -> readGenerally(body))).asString().contains("exceeds the maximum");
  }

  private static byte[] bodyWithValue(String value) {
    return ("[\"^ \",\"~:group\",\"g\",\"~:client\",\"c\",\"~:changes\",[[\"^ \",\"~:id\",\"g:1\","
            + "\"~:op\",\"~:put\",\"~:value\"," + value + ",\"~:base\",0,\"~:change\",\"" + CHANGE
            + "\"]]]")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns whether the plain reader read {@code body}, having checked that it read it as the
   * general reader does; false when it declined.
   */
  private static boolean readAsGenerally(byte[] body) {
    Map<Object, Object> plain = PlainPushReader.read(body);
    if (plain == null) {
      return false;
    }
    assertThat(plain).isEqualTo(readGenerally(body));
    return true;
  }

  /** Returns what {@code read} gives, or the message of the CodecException it throws. */
  private static Object outcome(Supplier<Object> read) {
    try {
      return read.get();
    } catch (CodecException e) {
      return e.getMessage();
    }
  }

  private static Object readGenerally(byte[] body) {
    return PushBodyReader.readGenerally(body, WireFormat.JSON);
  }

  /** A push of values mostly of the kinds the plain reader takes, written by transit-java. */
  private static byte[] randomPush(SplittableRandom random) {
    PlainValues values = new PlainValues(random);
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = random.nextInt(1, 6); i > 0; i--) {
      changes.add(put("g:" + i, values.value(3), random.nextLong(0, 1_000)));
    }
    return Codec.standard().encode(push("g", changes), WireFormat.JSON);
  }
}
