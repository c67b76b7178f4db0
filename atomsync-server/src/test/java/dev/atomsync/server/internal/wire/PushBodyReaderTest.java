package dev.atomsync.server.internal.wire;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.push;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.ErrorCode;
import dev.atomsync.core.ProtocolException;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

class PushBodyReaderTest {
  private static final UUID CHANGE = UUID.fromString("0b4f4a32-6f1a-4e6b-9a44-2b8f0c9d1e7f");

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void values_areStoredAsTheyAppearInPlace(WireFormat format) {
    List<RawValue> values =
        values(format, "hello", kw("a"), Map.of(kw("text"), "x"), "~tilde", List.of(1L, "^ ", 2.5));

    assertThat(values)
        .extracting(RawValue::toString)
        .containsExactly(
            "\"hello\"", "\"~:a\"", "[\"^ \",\"~:text\",\"x\"]", "\"~~tilde\"", "[1,\"~^ \",2.5]");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void cacheReferences_areExpandedAcrossValues(WireFormat format) {
    Map<Object, Object> value = new LinkedHashMap<>();
    value.put(kw("long-keyword-key"), kw("long-keyword-value"));
    value.put("long string key", TransitFactory.symbol("long-symbol"));
    byte[] body =
        Codec.standard()
            .encode(push("g", List.of(put("g:1", value, 0), put("g:2", value, 0))), format);
    assertThat(Bodies.show(body, format)).contains(format == WireFormat.JSON ? "\"^" : "a25e");

    List<RawValue> values = values(body, format);

    assertThat(values.get(1)).isEqualTo(values.get(0));
    assertThat(values.get(1).toString())
        .isEqualTo(
            "[\"^ \",\"~:long-keyword-key\",\"~:long-keyword-value\",\"long string"
                + " key\",\"~$long-symbol\"]");
  }

  @Test
  void msgpackUuidsDatesAndLargeIntegers_areWrittenAsTransitJsonText() {
    List<Object> value = List.of(CHANGE, new Date(1234), 1L << 60, -(1L << 53) - 1, 7L);

    RawValue raw = values(WireFormat.MSGPACK, value).get(0);

    assertThat(raw.toString())
        .isEqualTo(
            "[\"~u"
                + CHANGE
                + "\",\"~m1234\",\"~i1152921504606846976\",\"~i-9007199254740993\",7]");
    assertThat(raw).isEqualTo(values(WireFormat.JSON, value).get(0));
  }

  @Test
  void msgpackArrayStartingWithMapMarker_staysAList() throws Exception {
    // transit-java escapes "^ " when it writes it, so the bytes are made by hand: in MessagePack an
    // array starting with "^ " is a list (maps are real maps there).
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MessagePacker packer = MessagePack.newDefaultPacker(out);
    packer.packMapHeader(3).packString("~:group").packString("g");
    packer.packString("~:client").packString("c").packString("~:changes").packArrayHeader(1);
    packer.packMapHeader(5).packString("~:id").packString("g:1").packString("~:op");
    packer.packString("~:put").packString("~:value");
    packer.packArrayHeader(2).packString("^ ").packString("x");
    packer.packString("~:base").packLong(0).packString("~:change").packString("~u" + CHANGE);
    packer.flush();
    byte[] body = out.toByteArray();

    RawValue raw = values(body, WireFormat.MSGPACK).get(0);

    assertThat(raw.toString()).isEqualTo("[\"~^ \",\"x\"]");
    assertThat(raw.decode(Codec.standard()))
        .isEqualTo(
            Codec.standard().decode(body, WireFormat.MSGPACK) instanceof Map<?, ?> m
                ? ((Map<?, ?>) ((List<?>) m.get(kw("changes"))).get(0)).get(kw("value"))
                : null)
        .isEqualTo(List.of("^ ", "x"));
  }

  @Test
  void cache_startsOverAfter44Times44Strings() {
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Map<Object, Object> value = new LinkedHashMap<>();
      for (int k = 0; k < 1000; k++) {
        value.put(kw("key-" + ((i * 700 + k) % 2500)), "v" + k);
      }
      changes.add(put("g:" + i, value, 0));
    }
    for (WireFormat format : WireFormat.values()) {
      byte[] body = Codec.standard().encode(push("g", changes), format);

      List<RawValue> values = values(body, format);

      for (int i = 0; i < changes.size(); i++) {
        SameValue.check(changes.get(i).get(kw("value")), values.get(i).decode(Codec.standard()));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void nilValue_readsAsNull_soThatThePushIsRefused(WireFormat format) {
    Map<Object, Object> change = put("g:1", "x", 0);
    change.put(kw("value"), null);
    byte[] body = Codec.standard().encode(push("g", List.of(change)), format);

    Object read = PushBodyReader.read(body, format);

    assertThatThrownBy(() -> PushRequest.fromTransit(read))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("nil :value");
  }

  @Test
  void valuesThatDecodeToNil_readAsNull() {
    for (String nil : List.of("null", "\"~_\"", "[\"~#'\",null]", "[\"~#_\",5]", "{\"~#_\":1}")) {
      Object read = PushBodyReader.read(json(pushOf(nil)), WireFormat.JSON);

      assertThat(PushRequestOf.value(read)).as(nil).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void deletes_carryNoValue(WireFormat format) {
    byte[] body = Codec.standard().encode(push("g", List.of(delete("g:1", 3, CHANGE))), format);

    PushRequest request = PushRequest.fromTransit(PushBodyReader.read(body, format));

    assertThat(request.changes().get(0).value()).isNull();
    assertThat(request.changes().get(0).base()).isEqualTo(3);
    assertThat(request.changes().get(0).change()).isEqualTo(CHANGE);
  }

  @Test
  void verboseJson_isReadLikeTheCodecReadsIt() {
    Map<Object, Object> value = new LinkedHashMap<>();
    value.put(kw("title"), "x");
    value.put(kw("tags"), new LinkedHashSet<>(List.of(kw("a"), kw("b"))));
    value.put(kw("list"), new LinkedList<>(List.of(1L, 2L)));
    value.put(kw("id"), CHANGE);
    value.put(kw("at"), new Date(86_400_000L));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TransitFactory.writer(TransitFactory.Format.JSON_VERBOSE, out)
        .write(push("g", List.of(put("g:1", value, 0, CHANGE), put("g:2", value, 0, CHANGE))));
    byte[] body = out.toByteArray();
    assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"~:group\"");

    Object read = PushBodyReader.read(body, WireFormat.JSON);

    SameValue.check(
        Codec.standard().decode(body, WireFormat.JSON), CodecEquivalenceTest.decodeRawValues(read));
    assertThat(PushRequestOf.rawValue(read, 0).toString()).startsWith("[\"^ \",\"~:title\",\"x\",");
  }

  @Test
  void quotedBody_andChangesAsAList_stillGiveRawValues() {
    String changes =
        "[\"~#list\",[[\"^ \",\"~:id\",\"g:1\",\"~:op\",\"~:put\",\"~:value\",[1],"
            + "\"~:base\",0,\"~:change\",\"~u"
            + CHANGE
            + "\"]]]";
    String body =
        "[\"~#'\",[\"^ \",\"~:group\",\"g\",\"~:client\",\"c\",\"~:changes\"," + changes + "]]";

    Object read = PushBodyReader.read(json(body), WireFormat.JSON);

    assertThat(PushRequest.fromTransit(read).changes().get(0).value())
        .isEqualTo(RawValue.parse(json("[1]"), WireFormat.JSON));
    assertThat(PushRequestOf.changes(read)).isInstanceOf(LinkedList.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"42", "\"~:changes\"", "[\"^ \",\"~:changes\",5]", "[1,2]", "[\"~#set\",[1]]"})
  void bodiesOfAnotherShape_decodeAsTheCodecDecodesThem(String body) {
    Object read = PushBodyReader.read(json(body), WireFormat.JSON);

    SameValue.check(Codec.standard().decode(json(body), WireFormat.JSON), read);
    assertThatThrownBy(() -> PushRequest.fromTransit(read)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void unknownTags_passThroughUndecoded() {
    String value = "[\"~#point\",[1,2]]";

    RawValue raw =
        PushRequestOf.rawValue(PushBodyReader.read(json(pushOf(value)), WireFormat.JSON), 0);

    assertThat(raw.toString()).isEqualTo(value);
    assertThat(raw.decode(Codec.standard()))
        .isEqualTo(TransitFactory.taggedValue("point", List.of(1L, 2L)));
  }

  @Test
  void valueNesting_isLimitedSoThatEveryResponseStaysDecodable() {
    int limit = PushBodyReader.MAX_VALUE_DEPTH;
    String deepest = "[".repeat(limit) + "]".repeat(limit);
    String tooDeep = "[".repeat(limit + 1) + "]".repeat(limit + 1);

    assertThat(
            PushRequestOf.rawValue(PushBodyReader.read(json(pushOf(deepest)), WireFormat.JSON), 0)
                .length())
        .isEqualTo(2 * limit);
    assertThatThrownBy(() -> PushBodyReader.read(json(pushOf(tooDeep)), WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("nests deeper than " + limit);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "[1] [2]",
        "[1",
        "[\"^ \",\"a\"]",
        "{\"a\":1",
        "[\"^\"]",
        "[\"^0\"]",
        "[\"^ \",\"long key\",1,\"^1\",2]",
        "[\"^abc\"]",
        "[\"~#set\"]",
        "[\"~#set\",[1],[2]]",
        "[1,\"~#set\",[2]]",
        "\"~#set\"",
        "{\"~#set\":[1],\"a\":2}",
        "[\"^ \",\"a\",1,\"~#set\",[1]]",
        "nul",
        "\u00ff"
      })
  void malformedBodies_areRefused(String body) {
    assertThatThrownBy(() -> PushBodyReader.read(json(body), WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed application/transit+json: ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"~#'\",\"^ \"]",
        "\"\\ud800\"",
        "[\"~uxyz\"]",
        "[\"~i12a\"]",
        "[\"~zFOO\"]",
        "[\"~m1x\"]",
        "[\"~:\"]",
        "[\"~c\"]",
        "[\"~b!!\"]",
        "[\"~#set\",5]",
        "[\"~#cmap\",[1]]",
        "[\"~#u\",[1]]",
        "[\"~#time/instant\",\"yesterday\"]",
        "[\"~#x\",[1]]",
        "[\"~#set\",[1],[2]]",
        "[\"~n1.5\"]",
        "[[\"~#'\",\"^ \"]]",
      })
  void valuesTheCodecWouldRefuse_areRefused(String value) {
    assertThatThrownBy(() -> PushBodyReader.read(json(pushOf(value)), WireFormat.JSON))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed application/transit+json: ");
  }

  @Test
  void errorMessages_sayWhatAndWhere() {
    assertThatThrownBy(() -> PushBodyReader.read(json(pushOf("[\"~uxyz\"]")), WireFormat.JSON))
        .hasMessageMatching(
            "malformed application/transit\\+json: bad ~uxyz: .* \\(at byte \\d+\\)");
    assertThatThrownBy(
            () -> PushBodyReader.read(json("[\"^ \",\"long key\",1,\"^1\",2]"), WireFormat.JSON))
        .hasMessageContaining("cache reference \"^1\" names entry 1 but only 1 strings are cached");
  }

  @Test
  void protocolLimits_stayWithPushRequest() {
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i <= PushRequest.MAX_CHANGES; i++) {
      changes.add(put("g:" + i, i, 0));
    }
    byte[] body = Codec.standard().encode(push("g", changes), WireFormat.JSON);

    Object read = PushBodyReader.read(body, WireFormat.JSON);

    assertThatThrownBy(() -> PushRequest.fromTransit(read))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
  }

  /** Returns the raw values of a push of {@code values}, written by the codec in {@code format}. */
  private static List<RawValue> values(WireFormat format, Object... values) {
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      changes.add(put("g:" + i, values[i], 0));
    }
    return values(Codec.standard().encode(push("g", changes), format), format);
  }

  private static List<RawValue> values(byte[] body, WireFormat format) {
    List<RawValue> values = new ArrayList<>();
    PushRequest.fromTransit(PushBodyReader.read(body, format))
        .changes()
        .forEach(change -> values.add((RawValue) change.value()));
    return values;
  }

  /** Returns a one-change push in Transit JSON whose value is the JSON text {@code value}. */
  static String pushOf(String value) {
    return "[\"^ \",\"~:group\",\"g\",\"~:client\",\"c\",\"~:changes\",[[\"^ \",\"~:id\",\"g:1\","
        + "\"~:op\",\"~:put\",\"~:value\","
        + value
        + ",\"~:base\",0,\"~:change\",\"~u"
        + CHANGE
        + "\"]]]";
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Reads parts of a push as {@link PushBodyReader} returns it. */
  static final class PushRequestOf {
    private PushRequestOf() {}

    static Object changes(Object push) {
      return ((Map<?, ?>) push).get(kw("changes"));
    }

    static Object value(Object push) {
      return ((Map<?, ?>) ((List<?>) changes(push)).get(0)).get(kw("value"));
    }

    static RawValue rawValue(Object push, int change) {
      return (RawValue) ((Map<?, ?>) ((List<?>) changes(push)).get(change)).get(kw("value"));
    }
  }
}
