package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.put;
import static dev.atomsync.server.testing.Wire.with;
import static dev.atomsync.server.testing.Wire.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.Users;
import dev.atomsync.server.testing.RawHttp;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import dev.atomsync.server.testing.Wire;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error table of PROTOCOL.md, row by row: each rejected request gets its status and a Transit
 * body {@code {:error :keyword :message "..."}}, changes nothing, and leaves the server serving.
 */
class ErrorTest {
  private static final String USERS =
      """
      {"users": {"alice": {"token": "alice-token", "groups": ["todo"], "read": ["news"]}}}
      """;
  private static final long MAX_BODY = 1 << 20;

  @TempDir Path dir;
  private TestServer server;
  private TransitHttp http;
  private Map<String, Map<?, ?>> before;
  private long lastSeqBefore;

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            dir.resolve("sync.db"), b -> b.users(Users.parse(USERS)).maxBodyBytes(MAX_BODY));
    http = server.http("alice-token");
    http.push("todo", put("todo:1", "kept", 0), put("todo:2", "gone", 0));
    http.pushOne("todo", delete("todo:2", 1));
    before = http.pullAll("todo");
    lastSeqBefore = server.server().service().store().lastSeq();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // 400

  static Stream<Arguments> malformedBodies() {
    byte[] valid =
        Codec.standard().encode(Wire.push("todo", List.of(put("todo:9", "x", 0))), WireFormat.JSON);
    byte[] validPack =
        Codec.standard()
            .encode(Wire.push("todo", List.of(put("todo:9", "x", 0))), WireFormat.MSGPACK);
    String json = "application/transit+json";
    String msgpack = "application/transit+msgpack";
    return Stream.of(
        arguments("garbage bytes", new byte[] {0, (byte) 0xff, 0x13, 0x37, (byte) 0xc1}, json),
        arguments("garbage msgpack", new byte[] {(byte) 0xc1, 0x00, (byte) 0xff}, msgpack),
        arguments("truncated JSON", Arrays.copyOf(valid, valid.length / 2), json),
        arguments("truncated msgpack", Arrays.copyOf(validPack, validPack.length / 2), msgpack),
        arguments("a bare number", utf8("42"), json),
        arguments("a bare string", utf8("\"push\""), json),
        arguments("a vector", utf8("[1,2,3]"), json),
        arguments("plain JSON with string keys", utf8("{\"group\":\"todo\",\"client\":\"c\",\"changes\":[]}"), json),
        arguments("an empty body", new byte[0], json),
        arguments("an empty msgpack body", new byte[0], msgpack),
        arguments("JSON sent as msgpack", valid, msgpack),
        arguments("deeply nested JSON", utf8("[".repeat(200_000)), json),
        arguments("deeply nested msgpack", deeplyNestedMsgpack(), msgpack),
        arguments(
            "a malformed uuid",
            utf8(
                "[\"^ \",\"~:group\",\"todo\",\"~:client\",\"c\",\"~:changes\",[[\"^ \",\"~:id\",\"todo:9\","
                    + "\"~:op\",\"~:delete\",\"~:base\",0,\"~:change\",\"~unot-a-uuid\"]]]"),
            json));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void push_malformedTransitIs400(String what, byte[] body, String contentType) {
    Reply reply = http.postBytes("/sync", body, contentType);

    assertRejected(reply, 400, "bad-request");
  }

  static Stream<Arguments> missingFields() {
    Map<Object, Object> change = put("todo:9", "x", 0);
    Map<Object, Object> push = Wire.push("todo", List.of(change));
    return Stream.of(
        arguments(":group", without(push, "group")),
        arguments(":client", without(push, "client")),
        arguments(":changes", without(push, "changes")),
        arguments("change :id", Wire.push("todo", List.of(without(change, "id")))),
        arguments("change :op", Wire.push("todo", List.of(without(change, "op")))),
        arguments("change :base", Wire.push("todo", List.of(without(change, "base")))),
        arguments("change :change", Wire.push("todo", List.of(without(change, "change")))),
        arguments("put :value", Wire.push("todo", List.of(without(change, "value")))));
  }

  @ParameterizedTest(name = "missing {0}")
  @MethodSource("missingFields")
  void push_missingFieldIs400(String field, Map<Object, Object> push) {
    Reply reply = http.post("/sync", push);

    assertRejected(reply, 400, "bad-request");
    assertThat((String) reply.get("message")).contains(field.substring(field.indexOf(':') + 1));
  }

  static Stream<Arguments> invalidFields() {
    Map<Object, Object> change = put("todo:9", "x", 0);
    Map<Object, Object> push = Wire.push("todo", List.of(change));
    return Stream.of(
        arguments(":group a number", with(push, "group", 5L)),
        arguments(":group a keyword", with(push, "group", kw("todo"))),
        arguments(":client a number", with(push, "client", 5L)),
        arguments(":client empty", with(push, "client", "")),
        arguments(":changes a map", with(push, "changes", Map.of(kw("a"), 1L))),
        arguments(":changes nil", with(push, "changes", null)),
        arguments("a change that is a string", with(push, "changes", new ArrayList<>(List.of("todo:9")))),
        arguments(":id a number", Wire.push("todo", List.of(with(change, "id", 9L)))),
        arguments(":op a string", Wire.push("todo", List.of(with(change, "op", "put")))),
        arguments(":op unknown", Wire.push("todo", List.of(with(change, "op", kw("upsert"))))),
        arguments(":base a string", Wire.push("todo", List.of(with(change, "base", "1")))),
        arguments(":base negative", Wire.push("todo", List.of(with(change, "base", -1L)))),
        arguments(":base a double", Wire.push("todo", List.of(with(change, "base", 1.5)))),
        arguments(":change a string", Wire.push("todo", List.of(with(change, "change", UUID.randomUUID().toString())))),
        arguments("put :value nil", Wire.push("todo", List.of(with(change, "value", null)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFields")
  void push_invalidFieldTypeIs400(String what, Map<Object, Object> push) {
    Reply reply = http.post("/sync", push);

    assertRejected(reply, 400, "bad-request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "has space", "a/b", "todo:x", "ünï",
        "x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789"
            + "x123456789x123456789x123456789x123456789x12345678"
      })
  void push_badGroupIs400(String group) {
    Reply reply = http.post("/sync", Wire.push(group, List.of(put(group + ":1", "x", 0))));

    assertRejected(reply, 400, "bad-request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"group=", "group=has%20space", "group=a%2Fb", "group=%C3%BC", "since=0"})
  void pull_badGroupIs400(String query) {
    Reply reply = http.get("/sync?" + query);

    assertRejected(reply, 400, "bad-request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"other:1", "todo", "todo:", "todox:1", ":todo:1", "TODO:1", "", "todo:a\u0000b"})
  void push_idOutsideGroupIs400(String id) {
    Reply reply = http.push("todo", put(id, "x", 0));

    assertRejected(reply, 400, "bad-request");
  }

  @Test
  void push_idLongerThan512BytesIs400() {
    String id = "todo:" + "é".repeat(254);
    assertThat(id.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(512);

    Reply reply = http.push("todo", put(id, "x", 0));

    assertRejected(reply, 400, "bad-request");
  }

  @Test
  void push_sameIdTwiceInOnePushIs400() {
    Reply reply = http.push("todo", put("todo:9", "a", 0), delete("todo:9", 1));

    assertRejected(reply, 400, "bad-request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "since=-1", "since=abc", "since=", "since=1.5", "since=99999999999999999999999",
        "limit=0", "limit=-1", "limit=abc", "horizon=-1", "horizon=x"
      })
  void pull_badCursorIs400(String query) {
    Reply reply = http.pull("todo", query);

    assertRejected(reply, 400, "bad-request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"group=todo&since=%zz", "group=todo&since=%", "group=%FF%FE", "group=todo&x=%C3%28"})
  void pull_malformedQueryEscapeIs400(String query) {
    RawHttp.Response response =
        RawHttp.send(server.root(), "GET", "/sync?" + query, "Authorization: Bearer alice-token");

    assertThat(response.status()).isEqualTo(400);
    assertThat(field(response.transit(), "error")).isEqualTo(kw("bad-request"));
    assertUnchangedAndServing();
  }

  @Test
  void errors_areEncodedAsTheClientAccepts() {
    Reply reply = http.accept(WireFormat.MSGPACK).pull("todo", "since=-1");

    assertThat(reply.header("Content-Type")).startsWith("application/transit+msgpack");
    assertThat(reply.get("error")).isEqualTo(kw("bad-request"));
  }

  // 401

  @Test
  void pull_withoutTokenIs401() {
    Reply reply = server.http().pull("todo");

    assertRejected(reply, 401, "unauthorized");
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void push_withoutTokenIs401() {
    Reply reply = server.http().push("todo", put("todo:9", "x", 0));

    assertRejected(reply, 401, "unauthorized");
  }

  @Test
  void pull_withUnknownTokenIs401() {
    Reply reply = server.http("mallory-token").pull("todo");

    assertRejected(reply, 401, "unauthorized");
  }

  @Test
  void push_withUnknownTokenIs401() {
    Reply reply = server.http("mallory-token").push("todo", put("todo:9", "x", 0));

    assertRejected(reply, 401, "unauthorized");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic YWxpY2U6YWxpY2UtdG9rZW4=", "alice-token", "Bearer", "Bearer "})
  void pull_withoutBearerTokenIs401(String authorization) {
    Reply reply =
        http.send(http.request("/sync?group=todo").setHeader("Authorization", authorization).GET());

    assertRejected(reply, 401, "unauthorized");
  }

  // 403

  @Test
  void pull_ofGroupNotAllowedIs403() {
    Reply reply = http.pull("secret");

    assertRejected(reply, 403, "forbidden");
  }

  @Test
  void push_toGroupNotAllowedIs403() {
    Reply reply = http.push("secret", put("secret:1", "x", 0));

    assertRejected(reply, 403, "forbidden");
  }

  @Test
  void push_toReadOnlyGroupIs403WhilePullIs200() {
    Reply push = http.push("news", put("news:1", "x", 0));
    Reply pull = http.pull("news");

    assertRejected(push, 403, "forbidden");
    assertThat(pull.status()).isEqualTo(200);
  }

  // 404, 405

  @ParameterizedTest
  @CsvSource({"GET, /sync/nope", "POST, /sync/nope", "GET, /sync/events/more", "GET, /sync/sync"})
  void unknownPathUnderSyncIs404(String method, String path) {
    Reply reply = http.method(method, path);

    assertRejected(reply, 404, "not-found");
  }

  @ParameterizedTest
  @CsvSource({
    "PUT, /sync?group=todo, GET",
    "DELETE, /sync?group=todo, POST",
    "PATCH, /sync, GET",
    "POST, /sync/events?group=todo, GET",
    "PUT, /sync/events?group=todo, GET",
    "DELETE, /sync/events?group=todo, GET"
  })
  void wrongMethodIs405(String method, String path, String allowed) {
    Reply reply = http.method(method, path);

    assertRejected(reply, 405, "method-not-allowed");
    assertThat(reply.header("Allow")).contains(allowed);
  }

  // 413

  @Test
  void push_bodyOverTheLimitIs413() {
    Map<Object, Object> push = Wire.push("todo", List.of(put("todo:9", "x".repeat((int) MAX_BODY), 0)));

    Reply reply = http.post("/sync", push);

    assertRejected(reply, 413, "too-large");
  }

  @Test
  void push_bodyOverTheLimitIs413BeforeTheClientSendsItWhenAskedToExpect100() {
    byte[] body =
        Codec.standard()
            .encode(Wire.push("todo", List.of(put("todo:9", "x".repeat((int) MAX_BODY), 0))), WireFormat.JSON);

    Reply reply =
        http.send(
            http.request("/sync")
                .expectContinue(true)
                .header("Content-Type", "application/transit+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertRejected(reply, 413, "too-large");
  }

  @Test
  void push_chunkedBodyOverTheLimitIs413() {
    byte[] body =
        Codec.standard()
            .encode(Wire.push("todo", List.of(put("todo:9", "x".repeat((int) MAX_BODY), 0))), WireFormat.JSON);

    Reply reply =
        http.send(
            http.request("/sync")
                .header("Content-Type", "application/transit+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertRejected(reply, 413, "too-large");
  }

  @Test
  void push_moreThan10000ChangesIs413() {
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i <= 10_000; i++) {
      changes.add(delete("todo:" + i, 1));
    }
    Map<Object, Object> push = Wire.push("todo", changes);
    assertThat(Codec.standard().encode(push, WireFormat.JSON).length).isLessThan((int) MAX_BODY);

    Reply reply = http.post("/sync", push);

    assertRejected(reply, 413, "too-large");
  }

  // 415

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/json", "application/transit+xml", "application/msgpack"})
  void push_otherContentTypeIs415(String contentType) {
    byte[] body = Codec.standard().encode(Wire.push("todo", List.of(put("todo:9", "x", 0))), WireFormat.JSON);

    Reply reply = http.postBytes("/sync", body, contentType);

    assertRejected(reply, 415, "unsupported-media-type");
  }

  @Test
  void push_withoutContentTypeIs415() {
    byte[] body = Codec.standard().encode(Wire.push("todo", List.of(put("todo:9", "x", 0))), WireFormat.JSON);

    Reply reply = http.postBytes("/sync", body, null);

    assertRejected(reply, 415, "unsupported-media-type");
  }

  // 500

  @Test
  void storeFailureIs500NamingNoInternals() {
    server.server().service().store().close();

    Reply pull = http.pull("todo");
    Reply push = http.push("todo", put("todo:9", "x", 0));
    Reply packed = http.accept(WireFormat.MSGPACK).pull("todo");

    for (Reply reply : List.of(pull, push, packed)) {
      assertErrorBody(reply, 500, "internal");
      assertThat((String) reply.get("message"))
          .doesNotContainIgnoringCase("exception")
          .doesNotContainIgnoringCase("sql")
          .doesNotContain("java.")
          .doesNotContain("dev.atomsync")
          .doesNotContain(".java")
          .doesNotContain("select ")
          .doesNotContain("\tat ");
    }
    assertErrorBody(http.get("/sync/nope"), 404, "not-found");
    server.restart();
    http = server.http("alice-token");
    assertUnchangedAndServing();
  }

  private void assertRejected(Reply reply, int status, String error) {
    assertErrorBody(reply, status, error);
    assertUnchangedAndServing();
  }

  static void assertErrorBody(Reply reply, int status, String error) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.header("Content-Type")).as("%s", reply).startsWith("application/transit+");
    assertThat(reply.map()).containsOnlyKeys(kw("error"), kw("message"));
    assertThat(reply.get("error")).isEqualTo(kw(error));
    assertThat(reply.get("message")).isInstanceOf(String.class);
    assertThat((String) reply.get("message")).isNotBlank();
  }

  private void assertUnchangedAndServing() {
    assertThat(http.pullAll("todo")).isEqualTo(before);
    assertThat(server.server().service().store().lastSeq()).isEqualTo(lastSeqBefore);
    Map<?, ?> later = http.pushOne("todo", put("todo:later", "x", 0));
    assertThat(field(later, "status")).isEqualTo(kw("ok"));
  }

  private static byte[] deeplyNestedMsgpack() {
    byte[] body = new byte[200_000];
    Arrays.fill(body, (byte) 0x91); // an array of one element, 200 000 times over
    return body;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
