package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Codec;
import dev.atomsync.core.Transit;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.testing.OpenServerTest;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import dev.atomsync.server.testing.Wire;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Transit JSON and MessagePack on the wire, and values that come back exactly as sent. */
public class EncodingTest extends OpenServerTest {
  /** A type only the test's codec knows; the server sees an unknown tag. */
  public record Point(long x, long y, String label) {}

  /** An enum only the test's codec knows. */
  public enum Color {
    RED,
    GREEN
  }

  private static final Codec APP_CODEC =
      Codec.builder().record(Point.class, "test/point").enumType(Color.class, "test/color").build();

  @ParameterizedTest(name = "request {0}, response {1}")
  @CsvSource({"JSON, MSGPACK", "MSGPACK, JSON", "MSGPACK, MSGPACK", "JSON, JSON"})
  void push_decodesByContentTypeAndAnswersByAccept(WireFormat request, WireFormat response) {
    TransitHttp http = server.http().format(request).accept(response);

    Reply reply = http.push("todo", put("todo:1", "x", 0));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith(response.mediaType());
    assertThat(field(((List<?>) reply.get("results")).get(0), "status")).isEqualTo(kw("ok"));
  }

  @ParameterizedTest
  @CsvSource({"JSON", "MSGPACK"})
  void pull_answersInTheAcceptedFormat(WireFormat format) {
    server.http().pushOne("todo", put("todo:1", "x", 0));

    Reply reply = server.http().accept(format).pull("todo");

    assertThat(reply.header("Content-Type")).startsWith(format.mediaType());
    assertThat(field(((List<?>) reply.get("docs")).get(0), "value")).isEqualTo("x");
  }

  @Test
  void pull_withoutAcceptAnswersTransitJson() throws Exception {
    TransitHttp http = server.http();
    HttpRequest request = HttpRequest.newBuilder(server.root().resolve("/sync?group=todo")).GET().build();

    HttpResponse<byte[]> response = http.client().send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/transit+json"));
    assertThat(Codec.standard().decode(response.body(), WireFormat.JSON)).isInstanceOf(Map.class);
  }

  @Test
  void push_acceptsTransitJsonWithCharsetParameter() {
    TransitHttp http = server.http();
    byte[] body =
        Codec.standard()
            .encode(Wire.push("todo", List.of(put("todo:1", "x", 0))), WireFormat.JSON);

    Reply reply = http.postBytes("/sync", body, "application/transit+json; charset=utf-8");

    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void push_acceptsAChunkedBodyWithoutContentLength() {
    TransitHttp http = server.http();
    byte[] body = Codec.standard().encode(Wire.push("todo", List.of(put("todo:1", "x", 0))), WireFormat.JSON);

    Reply reply =
        http.send(
            http.request("/sync")
                .header("Content-Type", "application/transit+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(http.pullAll("todo")).containsOnlyKeys("todo:1");
  }

  @ParameterizedTest(name = "pushed as {0}, pulled as {1}")
  @CsvSource({"JSON, JSON", "JSON, MSGPACK", "MSGPACK, JSON", "MSGPACK, MSGPACK"})
  void values_surviveTheRoundTripExactly(WireFormat pushedAs, WireFormat pulledAs) {
    byte[] bytes = {0, 1, 2, (byte) 0xff, 127, -128};
    Map<Object, Object> value = richValue();
    Map<Object, Object> sent = new LinkedHashMap<>(value);
    sent.put(kw("bytes"), bytes);

    Map<?, ?> result = server.http().format(pushedAs).pushOne("todo", put("todo:1", sent, 0));
    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    Reply pulled = server.http().format(pulledAs).pull("todo");

    Map<?, ?> received = (Map<?, ?>) field(((List<?>) pulled.get("docs")).get(0), "value");
    assertThat((byte[]) received.get(kw("bytes"))).isEqualTo(bytes);
    Map<Object, Object> rest = new HashMap<>(received);
    rest.remove(kw("bytes"));
    assertThat(rest).isEqualTo(value);
    assertThat(received.get(kw("list"))).isInstanceOf(LinkedList.class);
    assertThat(received.get(kw("vector"))).isInstanceOf(RandomAccess.class);
    assertThat(received.get(kw("set"))).isInstanceOf(Set.class);
    assertThat(received.get(kw("instant"))).isInstanceOf(Instant.class);
    assertThat(received.get(kw("date"))).isInstanceOf(Date.class);
  }

  @ParameterizedTest(name = "pushed as {0}, pulled as {1}")
  @CsvSource({"JSON, JSON", "JSON, MSGPACK", "MSGPACK, JSON", "MSGPACK, MSGPACK"})
  void values_ofTagsTheServerDoesNotKnowComeBackAsTheAppsTypes(WireFormat pushedAs, WireFormat pulledAs) {
    Map<Object, Object> value = new LinkedHashMap<>();
    value.put(kw("where"), new Point(3, -4, "home"));
    value.put(kw("color"), Color.GREEN);
    value.put(kw("path"), List.of(new Point(0, 0, "a"), new Point(1, 1, "b")));

    Map<?, ?> result =
        server.http(APP_CODEC).format(pushedAs).pushOne("todo", put("todo:1", value, 0));
    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    Reply pulled = server.http(APP_CODEC).format(pulledAs).pull("todo");

    assertThat(field(((List<?>) pulled.get("docs")).get(0), "value")).isEqualTo(value);
  }

  @Test
  void conflict_carriesTheServerValueExactly() {
    TransitHttp http = server.http(APP_CODEC).format(WireFormat.MSGPACK);
    Map<Object, Object> value = richValue();
    value.put(kw("where"), new Point(1, 2, "x"));
    http.pushOne("todo", put("todo:1", value, 0));

    Map<?, ?> conflict = http.pushOne("todo", put("todo:1", "mine", 0));

    assertThat(field(field(conflict, "doc"), "value")).isEqualTo(value);
  }

  /** One of every Transit type PROTOCOL.md promises to keep (byte arrays are checked apart). */
  static Map<Object, Object> richValue() {
    Map<Object, Object> nonStringKeys = new HashMap<>();
    nonStringKeys.put(1L, "one");
    nonStringKeys.put(new ArrayList<>(List.of(1L, 2L)), "a vector key");
    nonStringKeys.put(kw("k"), "a keyword key");
    nonStringKeys.put(UUID.fromString("00000000-0000-0000-0000-000000000001"), "a uuid key");
    nonStringKeys.put(Set.of(kw("x")), "a set key");

    Map<Object, Object> value = new LinkedHashMap<>();
    value.put(kw("keyword"), kw("ns/name"));
    value.put(kw("symbol"), Transit.sym("my.ns/sym"));
    value.put(kw("set"), Set.of(kw("a"), "b", 3L));
    value.put(kw("list"), new LinkedList<>(List.of(1L, kw("two"), "three")));
    value.put(kw("vector"), new ArrayList<>(List.of("x", kw("y"))));
    value.put(kw("cmap"), nonStringKeys);
    value.put(kw("uuid"), UUID.fromString("5b1d3a0e-8f6c-4c41-9a43-3f1f5c0a9b2d"));
    value.put(kw("date"), new Date(1_700_000_000_123L));
    value.put(kw("instant"), Instant.parse("2026-11-23T18:15:30.123456789Z"));
    value.put(kw("decimal"), new BigDecimal("12345678901234567890.1234567890"));
    value.put(kw("bigint"), new BigInteger("123456789012345678901234567890"));
    value.put(kw("long"), Long.MAX_VALUE);
    value.put(kw("negative"), -42L);
    value.put(kw("double"), 2.5);
    value.put(kw("true"), true);
    value.put(kw("nil"), null);
    value.put(kw("uri"), URI.create("https://example.org/a?b=c"));
    value.put(kw("char"), 'x');
    value.put(kw("tilde"), "~not a tag");
    value.put(kw("caret"), "^ ");
    value.put(kw("unicode"), "ünïcödé ✓ 😀");
    value.put(kw("empty"), "");
    value.put("string key", "v");
    value.put(kw("nested"), List.of(Map.of(kw("deep"), Set.of(kw("deeper"), List.of()))));
    return value;
  }
}
