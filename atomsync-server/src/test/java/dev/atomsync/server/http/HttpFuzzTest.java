package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Codec;
import dev.atomsync.core.ErrorCode;
import dev.atomsync.core.Ids;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.internal.wire.Bodies;
import dev.atomsync.server.internal.wire.Seeds;
import dev.atomsync.server.internal.wire.TokenSoup;
import dev.atomsync.server.internal.wire.ValueGen;
import dev.atomsync.server.testing.RawHttp;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import dev.atomsync.server.testing.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzes the HTTP API of a real server: random and damaged Transit pushes in both formats, deep
 * nesting, huge strings and numbers, odd ids and groups, bad cursors, wrong methods, paths and
 * content types, and bodies sent a byte at a time. Every answer is a 200 or a row of the error
 * table of PROTOCOL.md with its Transit body, never a 500; after every batch the server still
 * answers {@code /health} and a control group seeded before the run pulls byte for byte as before.
 *
 * <p>Each input comes from a seed of its own; a failure names it, and {@code -Datomsync.seed=N}
 * replays it. {@code -Datomsync.fuzz.tries=N} sets the inputs per case (default 300).
 */
@Timeout(180)
class HttpFuzzTest {
  private static final int TRIES = Integer.getInteger("atomsync.fuzz.tries", 300);
  private static final long MAX_BODY = 1 << 20;
  private static final int BATCH = 100;
  private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 403, 404, 405, 413, 415);
  private static final String JSON = WireFormat.JSON.mediaType();
  private static final String MSGPACK = WireFormat.MSGPACK.mediaType();
  private static final String PLACEHOLDER = "__VALUE__";
  private static final AtomicLong INPUTS = new AtomicLong();

  /** Pieces of ids, groups and query values: SQL, control characters, odd Unicode. */
  private static final String[] ODD = {
    "'", "\"", ";", "--", "/*", "*/", "%", "_", "\\", "`", "' OR '1'='1", "'; DROP TABLE docs; --",
    "\" OR 1=1 --", "%' AND '%'='", "\u0000", "\u0001", "\n", "\r\n", "\t", "\u007f", "\u0085",
    "\u2028", "\u202e", "\ufeff", "\ud800", "\udfff", "\ud83d\ude00", "e\u0301", "\uff47", "ß",
    "ǅ", "İ", "\u0660", ":", "::", "g:", " ", "+", "&", "=", "?", "#", "/", "..", "*", "NULL",
    "null", "~:kw", "^ ", "~#set", "a", "0", "-", "."
  };

  @TempDir Path dir;
  private TestServer server;
  private TransitHttp http;
  private byte[] controlBefore;
  private int sinceCheck;

  @BeforeEach
  void start() {
    server = TestServer.start(dir.resolve("sync.db"), b -> b.maxBodyBytes(MAX_BODY));
    http = server.http();
    ValueGen gen = new ValueGen(new SplittableRandom(42));
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      changes.add(put("control:" + i, gen.document(3), 0));
    }
    assertThat(server.http(ValueGen.RECORDS).push("control", changes).status()).isEqualTo(200);
    http.pushOne("control", put("control:0", "second version", 1));
    http.pushOne("control", delete("control:1", 1));
    controlBefore = control();
  }

  @AfterEach
  void stop() {
    try {
      assertServingAndControlUnchanged();
    } finally {
      server.close();
    }
  }

  @AfterAll
  static void report() {
    System.out.println("HttpFuzzTest: " + INPUTS.get() + " inputs, none answered outside the error table");
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void pushBodies_randomAndDamaged_areAnsweredFromTheTable(WireFormat format) {
    Seeds.forEach(TRIES, random -> {
      byte[] body =
          switch (random.nextInt(5)) {
            case 0 -> Bodies.randomPush(random, random.nextInt(1, 4), format);
            case 1, 2 -> Bodies.mutate(Bodies.randomPush(random, random.nextInt(1, 4), format), random);
            case 3 -> Bodies.mutate(stalePushToControl(random, format), random);
            default ->
                format == WireFormat.JSON
                    ? utf8(new TokenSoup(random).document())
                    : Bodies.mutate(Bodies.mutate(stalePushToControl(random, format), random), random);
          };
      // Now and then the body is labelled with the other format.
      WireFormat label = random.nextInt(8) == 0 ? other(format) : format;
      Answer answer = Answer.of(http.postBytes("/sync", body, label.mediaType()));

      expectDocumented(Bodies.show(body, format), answer);
    });
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void stalePushesToTheControlGroup_areConflictsThatChangeNothing(WireFormat format) {
    Seeds.forEach(TRIES / 5, random -> {
      byte[] body = stalePushToControl(random, format);
      Reply reply = http.postBytes("/sync", body, format.mediaType());

      expectDocumented(Bodies.show(body, format), Answer.of(reply));
      assertThat(reply.status()).as("%s", reply).isEqualTo(200);
      for (Object result : (List<?>) reply.get("results")) {
        assertThat(field(result, "status")).as("%s", result).isEqualTo(kw("conflict"));
      }
    });
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void deepNesting_isStoredOrRefusedWith400(WireFormat format) {
    Seeds.forEach(TRIES / 3, random -> {
      int depth =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1, 510);
            case 1 -> random.nextInt(500, 530);
            case 2 -> random.nextInt(530, 5000);
            default -> 50_000;
          };
      byte[] nested = nested(random, depth, format);
      byte[] body = random.nextInt(5) == 0 ? nested : inEnvelope(random, nested, format);

      Answer answer = Answer.of(http.postBytes("/sync", body, format.mediaType()));

      expectDocumented(format + " nested " + depth + " deep: " + cut(Bodies.show(body, format)), answer);
      assertThat(answer.status()).as("depth %s: %s", depth, answer).isIn(200, 400);
      if (depth > 1000) {
        assertThat(answer.status()).as("depth %s: %s", depth, answer).isEqualTo(400);
      }
    });
  }

  @Test
  void hugeStringsAndNumbers_areStoredOrRefusedByTheTable() {
    Seeds.forEach(TRIES / 3, random -> {
      String value;
      String base = "0";
      String id = "\"g:huge-" + random.nextInt(1000) + "\"";
      String group = "\"g\"";
      switch (random.nextInt(6)) {
        case 0 -> value = "\"" + "x".repeat(random.nextInt(1, (int) MAX_BODY + 1000)) + "\"";
        case 1 -> value = digits(random, random.nextInt(1, 200_000));
        case 2 -> {
          value = "1";
          base = new String[] {"1e400", "99999999999999999999", "9223372036854775808", "-0", "0.0",
              "1.0", "-1", "1E2", digits(random, 5000), "-" + digits(random, 3000), "\"~n12\"",
              "\"~i99999999999999999999\"", "\"~f1.5\"", "\"~zNaN\"", "null", "[]"}[random.nextInt(16)];
        }
        case 3 -> {
          value = "\"~n" + digits(random, random.nextInt(1, 100_000)) + "\"";
          if (random.nextBoolean()) {
            value = "\"~f" + digits(random, random.nextInt(1, 50_000)) + "." + digits(random, 50) + "\"";
          }
        }
        case 4 -> {
          value = "1";
          id = "\"g:" + "é".repeat(random.nextInt(200, 300)) + "\"";
        }
        default -> {
          value = "1";
          group = "\"" + "g".repeat(random.nextInt(100, 200_000)) + "\"";
        }
      }
      String json = "[\"^ \",\"~:group\"," + group + ",\"~:client\",\"c\",\"~:changes\",[[\"^ \","
          + "\"~:id\"," + id + ",\"~:op\",\"~:put\",\"~:value\"," + value + ",\"~:base\"," + base
          + ",\"~:change\",\"~u" + new UUID(random.nextLong(), random.nextLong()) + "\"]]]";
      byte[] body = utf8(json);

      Answer answer = Answer.of(http.postBytes("/sync", body, JSON));

      expectDocumented(json, answer);
      if (body.length > MAX_BODY) {
        assertThat(answer.status()).as("%s bytes: %s", body.length, answer).isEqualTo(413);
      }
    });
  }

  @Test
  void hugeNumbersInMessagePack_areStoredOrRefusedByTheTable() {
    byte[][] bases = {
      hex("cfffffffffffffffff"), // uint 64 over Long.MAX_VALUE
      hex("cf8000000000000000"),
      hex("d3ffffffffffffffff"), // int 64 -1
      hex("cb7ff0000000000000"), // +Inf
      hex("cb7ff8000000000000"), // NaN
      hex("c0"), // nil
      hex("c3"), // true
      hex("ca3fc00000"), // float 32 1.5
    };
    Seeds.forEach(TRIES / 5, random -> {
      byte[] base = bases[random.nextInt(bases.length)];
      byte[] template = Codec.standard()
          .encode(Wire.push("g", List.of(put("g:n", 1L, 0x1122334455667788L))), WireFormat.MSGPACK);
      byte[] body = replaceLast(template, hex("cf1122334455667788"), base);

      Answer answer = Answer.of(http.postBytes("/sync", body, MSGPACK));

      expectDocumented(Bodies.show(body, WireFormat.MSGPACK), answer);
    });
  }

  @Test
  void oddIdsAndGroupsInBodies_areStoredExactlyOrRefusedWith400() {
    Seeds.forEach(TRIES, random -> {
      String group = random.nextInt(3) == 0 ? odd(random) : "g" + random.nextInt(3);
      String id =
          switch (random.nextInt(4)) {
            case 0 -> odd(random);
            case 1 -> group + odd(random);
            default -> group + ":" + odd(random);
          };
      WireFormat format = random.nextBoolean() ? WireFormat.JSON : WireFormat.MSGPACK;
      byte[] body;
      try {
        body = Codec.standard().encode(Wire.push(group, List.of(put(id, odd(random), 0))), format);
      } catch (RuntimeException unencodable) {
        return; // a lone surrogate the codec refuses to write: nothing to send
      }
      Map<?, ?> sent = (Map<?, ?>) Codec.standard().decode(body, format);
      String sentGroup = (String) field(sent, "group");
      String sentId = (String) field(((List<?>) field(sent, "changes")).get(0), "id");
      boolean valid = Ids.isValidGroup(sentGroup) && Ids.belongsTo(sentId, sentGroup)
          && sentId.getBytes(StandardCharsets.UTF_8).length <= Ids.MAX_ID_BYTES;

      Reply reply = http.postBytes("/sync", body, format.mediaType());

      expectDocumented(Bodies.show(body, format), Answer.of(reply));
      assertThat(reply.status()).as("group %s id %s: %s", sentGroup, sentId, reply)
          .isEqualTo(valid ? 200 : 400);
      if (valid) {
        Map<?, ?> result = (Map<?, ?>) ((List<?>) reply.get("results")).get(0);
        assertThat(field(result, "id")).isEqualTo(sentId);
        if (field(result, "status").equals(kw("ok"))) {
          long seq = Wire.longField(result, "seq");
          Reply pulled = http.pull(sentGroup, "since=" + (seq - 1) + "&limit=1");
          List<?> docs = (List<?>) pulled.get("docs");
          assertThat(docs).as("%s", pulled).hasSize(1);
          assertThat(field(docs.get(0), "id")).as("the id read back").isEqualTo(sentId);
        }
      }
    });
  }

  @Test
  void oddGroupsInQueries_pullOrAre400() {
    Seeds.forEach(TRIES, random -> {
      String group = random.nextInt(4) == 0 ? "g" + random.nextInt(3) : odd(random);
      String encoded = URLEncoder.encode(group, StandardCharsets.UTF_8);
      boolean events = random.nextInt(4) == 0 && !Ids.isValidGroup(group);
      String target = (events ? "/sync/events" : "/sync") + "?group=" + encoded;

      Answer answer = Answer.of(http.get(target));

      expectDocumented(target, answer);
      assertThat(answer.status()).as("%s: %s", target, answer).isEqualTo(Ids.isValidGroup(group) ? 200 : 400);
    });
  }

  @Test
  void brokenQueryStrings_areAnsweredFromTheTable() {
    String[] pieces = {
      "%", "%0", "%zz", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%C0%AF", "%00", "%2D", "+", "%20",
      "%FF%FE", "&", "=", "==", "&&", "group", "group=", "since", "%E2%80%AE", "%EF%BB%BF", "a",
      "control", "%25", "%u0041", "%%", "g"
    };
    Seeds.forEach(TRIES, random -> {
      StringBuilder query = new StringBuilder();
      for (int i = random.nextInt(1, 8); i > 0; i--) {
        query.append(pieces[random.nextInt(pieces.length)]);
      }
      String prefix = random.nextBoolean() ? "group=control&" : "";
      String target = "/sync?" + prefix + query;

      Answer answer = Answer.of(RawHttp.send(server.root(), "GET", target));

      expectDocumented(target, answer);
    });
  }

  @Test
  void cursorsLimitsAndHorizons_areCheckedAsDocumented() {
    String[] values = {
      "", "0", "1", "-1", "-0", "+1", "%201", "1%20", "1.5", "1e3", "0x10", "00", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "99999999999999999999999", "abc", "NaN",
      "Infinity", "null", "true", "[]", "%00", "%20", "%E2%81%A3", "%D9%A3", "1%00", "1;2", "1,2",
      "10001", "10000", "2147483648", "4294967296"
    };
    Seeds.forEach(TRIES, random -> {
      StringBuilder query = new StringBuilder("group=control");
      boolean valid = true;
      for (int i = random.nextInt(1, 4); i > 0; i--) {
        String name = new String[] {"since", "limit", "horizon"}[random.nextInt(3)];
        String value =
            switch (random.nextInt(3)) {
              case 0 -> values[random.nextInt(values.length)];
              case 1 -> Long.toString(random.nextLong());
              default -> URLEncoder.encode(new ValueGen(random).string(), StandardCharsets.UTF_8);
            };
        if (query.indexOf("&" + name + "=") < 0) { // the first of a repeated parameter counts
          valid &= validCursor(name, value);
        }
        query.append('&').append(name).append('=').append(value);
      }
      String target = "/sync?" + query;

      Answer answer = Answer.of(RawHttp.send(server.root(), "GET", target));

      expectDocumented(target, answer);
      assertThat(answer.status()).as("%s: %s", target, answer).isEqualTo(valid ? 200 : 400);
    });
  }

  @Test
  void methodsPathsContentTypesAndAccepts_areAnsweredFromTheTable() {
    String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
      "PROPFIND", "FOO", "get", "Post"};
    String[] paths = {"/sync", "/sync/", "/sync?group=g0", "/sync/?group=control&since=0",
      "/sync/events", "/sync/events?group=bad%20group", "/sync/events/", "/sync/nope",
      "/sync/events/x", "/sync;x=1", "/sync/sync", "/sync/'%20OR%201=1", "/sync/events%3Fgroup=g",
      "/sync/%2e%2e", "/sync//events", "/sync/%00", "/sync/%C3%28", "/sync/%2F", "/sync/%FF"};

    String[] contentTypes = {null, "", "text/plain", "application/json", JSON,
      JSON + "; charset=utf-8", "APPLICATION/TRANSIT+JSON", MSGPACK, "application/transit+jsonx",
      "application/transit", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
      ";;;", JSON + "; charset=\"", "*/*", "application/transit+msgpack; q=0.1"};
    String[] accepts = {null, "", JSON, MSGPACK, "*/*", "text/html", "garbage;;", MSGPACK + ", " + JSON,
      "application/*"};
    byte[] push = Codec.standard().encode(Wire.push("g0", List.of(put("g0:m", "x", 0))), WireFormat.JSON);
    Seeds.forEach(TRIES, random -> {
      String method = methods[random.nextInt(methods.length)];
      String path = paths[random.nextInt(paths.length)];
      List<String> headers = new ArrayList<>();
      String contentType = contentTypes[random.nextInt(contentTypes.length)];
      if (contentType != null) {
        headers.add("Content-Type: " + contentType);
      }
      String accept = accepts[random.nextInt(accepts.length)];
      if (accept != null) {
        headers.add("Accept: " + accept);
      }
      byte[] body = random.nextBoolean() ? push : new byte[0];
      String input = method + " " + path + " " + headers + " " + body.length + " bytes";

      Answer answer = Answer.of(
          RawHttp.send(server.root(), method, path, body, headers.toArray(String[]::new)));

      if (method.equals("OPTIONS") && answer.status() == 204) {
        INPUTS.incrementAndGet(); // a CORS preflight, answered before any check of the path
      } else {
        expectDocumented(input, answer, method.equals("HEAD"));
      }
    });
  }

  /** Regression: an error message quoting a group cut inside a surrogate pair could not be encoded: 500. */
  @Test
  void pull_ofAnInvalidGroupCutInsideASurrogatePair_is400() {
    String group = "x".repeat(79) + "\ud83c\udfa7" + "!".repeat(10);

    Answer answer = Answer.of(http.get("/sync?group=" + URLEncoder.encode(group, StandardCharsets.UTF_8)));

    expectDocumented(group, answer);
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
  }

  /** A group or id holding a lone surrogate (a JSON escape) is a 400 whose message can be encoded. */
  @ParameterizedTest
  @ValueSource(strings = {"g\\ud800", "g"})
  void push_ofAGroupOrIdWithALoneSurrogate_is400(String group) {
    String json = "[\"^ \",\"~:group\",\"" + group + "\",\"~:client\",\"c\",\"~:changes\",[[\"^ \","
        + "\"~:id\",\"g:\\udfff\",\"~:op\",\"~:put\",\"~:value\",1,\"~:base\",0,"
        + "\"~:change\",\"~u0b4f4a32-6f1a-4e6b-9a44-2b8f0c9d1e7f\"]]]";

    Answer answer = Answer.of(http.postBytes("/sync", utf8(json), JSON));

    expectDocumented(json, answer);
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
  }

  /** Regression: a Content-Type whose charset Java does not know was a 500 (Jetty threw). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/transit+json; charset=\" | 200",
        "application/transit+json; charset=no-such-charset | 200",
        "application/transit+json; charset= | 200",
        "application/transit+msgpack; charset=%% | 400",
        "text/plain; charset=\" | 415"
      })
  void push_contentTypeWithACharsetJavaDoesNotKnow_isNot500(String contentType, int status) {
    byte[] body = Codec.standard()
        .encode(Wire.push("g0", List.of(put("g0:charset-" + UUID.randomUUID(), "x", 0))), WireFormat.JSON);

    Answer answer = Answer.of(RawHttp.send(server.root(), "POST", "/sync", body, "Content-Type: " + contentType));

    expectDocumented(contentType, answer);
    assertThat(answer.status()).as("%s", answer).isEqualTo(status);
  }

  /** Regression: Jetty refused these URIs before the servlet ran with an empty or HTML body. */
  @ParameterizedTest
  @CsvSource({
    "GET, /sync/%2e%2e, application/transit+json",
    "PATCH, /sync//events, application/transit+msgpack",
    "GET, /sync/%00, application/transit+json",
    "POST, /sync/%C3%28, application/transit+msgpack",
    "GET, /sync/%2F, text/html",
    "GET, /sync/%FF, */*",
    "HEAD, /sync/%2F?group=g, application/transit+json"
  })
  void urisJettyRefusesBeforeTheServlet_areAnsweredWithATransitError(
      String method, String path, String accept) {
    Answer answer = Answer.of(RawHttp.send(server.root(), method, path, "Accept: " + accept));

    expectDocumented(method + " " + path, answer, method.equals("HEAD"));
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    if (accept.equals(MSGPACK)) {
      assertThat(answer.contentType()).startsWith(MSGPACK);
    }
  }

  @Test
  void bodiesSentOneByteAtATime_areAnsweredAsWhenSentAtOnce() {
    SplittableRandom random = new SplittableRandom(Long.getLong("atomsync.seed", 1));
    List<byte[]> bodies = List.of(
        Bodies.randomPush(random, 1, WireFormat.JSON),
        Bodies.randomPush(random, 1, WireFormat.MSGPACK),
        Bodies.mutate(Bodies.randomPush(random, 1, WireFormat.JSON), random),
        stalePushToControl(random, WireFormat.JSON),
        stalePushToControl(random, WireFormat.MSGPACK),
        utf8("[\"^ \",\"~:group\",\"control\",\"~:changes\",[[["),
        utf8(new TokenSoup(random).document()));
    for (int i = 0; i < bodies.size(); i++) {
      byte[] body = bodies.get(i);
      String type = i == 1 || i == 4 ? MSGPACK : JSON;
      Answer atOnce = Answer.of(http.postBytes("/sync", body, type));

      Answer slowly = Answer.of(
          RawHttp.sendSlowly(server.root(), "POST", "/sync", body, 1, "Content-Type: " + type));

      expectDocumented("slowly: " + cut(new String(body, StandardCharsets.ISO_8859_1)), slowly);
      assertThat(slowly.status()).as("%s vs %s", slowly, atOnce).isEqualTo(atOnce.status());
    }
  }

  @Test
  void bodiesAbandonedMidway_leaveTheServerServingAndTheDataUnchanged() throws IOException {
    byte[] body = stalePushToControl(new SplittableRandom(3), WireFormat.JSON);
    for (int cut = 0; cut < body.length; cut += Math.max(1, body.length / 10)) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + JSON
            + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, cut);
        out.flush();
      }
      INPUTS.incrementAndGet();
    }
    assertServingAndControlUnchanged();
  }

  // What the answers must be

  private record Answer(int status, @Nullable String contentType, byte[] body) {
    static Answer of(Reply reply) {
      return new Answer(reply.status(), reply.header("Content-Type"), reply.raw().body());
    }

    static Answer of(RawHttp.Response response) {
      return new Answer(response.status(), response.header("Content-Type"), response.body());
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + contentType + " " + cut(new String(body, StandardCharsets.UTF_8));
    }
  }

  private void expectDocumented(String input, Answer answer) {
    expectDocumented(input, answer, false);
  }

  private void expectDocumented(String input, Answer answer, boolean head) {
    INPUTS.incrementAndGet();
    String shown = cut(input);
    assertThat(answer.status()).as("answer to %s: %s", shown, answer).isIn(DOCUMENTED);
    if (answer.status() != 200 && !head) {
      assertThat(answer.contentType()).as("answer to %s: %s", shown, answer).startsWith("application/transit+");
      Object decoded = Codec.standard().decode(answer.body(), WireFormat.ofContentType(answer.contentType()));
      assertThat(decoded).as("answer to %s", shown).isInstanceOf(Map.class);
      assertThat((Object) ((Map<?, ?>) decoded).keySet()).as("answer to %s", shown)
          .isEqualTo(Set.of(kw("error"), kw("message")));
      assertThat(field(decoded, "error")).as("answer to %s", shown).isEqualTo(errorOf(answer.status()));
      assertThat(field(decoded, "message")).as("answer to %s", shown).isInstanceOf(String.class);
      assertThat((String) field(decoded, "message")).as("answer to %s", shown).isNotBlank();
    }
    if (++sinceCheck >= BATCH) {
      sinceCheck = 0;
      assertServingAndControlUnchanged();
    }
  }

  private void assertServingAndControlUnchanged() {
    assertThat(http.get("/health").status()).as("health").isEqualTo(200);
    assertThat(control()).as("the control group").isEqualTo(controlBefore);
  }

  private byte[] control() {
    Reply reply = http.get("/sync?group=control");
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.raw().body();
  }

  private static Object errorOf(int status) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.status() == status) {
        return code.keyword();
      }
    }
    throw new AssertionError("no error code for " + status);
  }

  private static boolean validCursor(String name, String value) {
    try {
      long parsed = Long.parseLong(java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
      return name.equals("limit") ? parsed >= 1 : parsed >= 0;
    } catch (IllegalArgumentException notALong) {
      return false;
    }
  }

  // Inputs

  /** Returns a push to the control group whose every change is on a version no document has. */
  private static byte[] stalePushToControl(RandomGenerator random, WireFormat format) {
    ValueGen gen = new ValueGen(random);
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = random.nextInt(1, 4); i > 0; i--) {
      String id = "control:" + (i + random.nextInt(8)) % 10;
      if (changes.stream().noneMatch(c -> id.equals(c.get(kw("id"))))) {
        changes.add(random.nextInt(4) == 0
            ? delete(id, 987_654_321L)
            : put(id, gen.document(3), 987_654_321L));
      }
    }
    return ValueGen.RECORDS.encode(Wire.push("control", changes), format);
  }

  private static String odd(RandomGenerator random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(1, 5); i > 0; i--) {
      text.append(random.nextInt(5) == 0 ? new ValueGen(random).string() : ODD[random.nextInt(ODD.length)]);
    }
    return text.toString();
  }

  private static byte[] nested(RandomGenerator random, int depth, WireFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int kind = random.nextInt(4);
    byte[][] open;
    byte[] close;
    if (format == WireFormat.JSON) {
      open = new byte[][] {utf8("["), utf8("[\"^ \",\"~:a\","), utf8("[\"~#x/t\","), utf8("{\"~:k\":")};
      close = utf8(kind == 3 ? "}" : "]");
    } else {
      // fixarray of one; fixmap of one with key "a"; a tag as ["~#x", value]; an array of 2 ["^ ", ...]
      open = new byte[][] {hex("91"), hex("81a161"), hex("92a37e2378"), hex("93a25e20a161")};
      close = new byte[0];
    }
    for (int i = 0; i < depth; i++) {
      out.writeBytes(open[kind]);
    }
    out.writeBytes(format == WireFormat.JSON ? utf8("1") : hex("01"));
    for (int i = 0; i < depth; i++) {
      out.writeBytes(close);
    }
    return out.toByteArray();
  }

  private static byte[] inEnvelope(RandomGenerator random, byte[] value, WireFormat format) {
    String id = "g:deep-" + random.nextInt(1_000_000);
    byte[] template = Codec.standard().encode(Wire.push("g", List.of(put(id, PLACEHOLDER, 0))), format);
    byte[] placeholder =
        format == WireFormat.JSON
            ? utf8("\"" + PLACEHOLDER + "\"")
            : concat(new byte[] {(byte) (0xa0 | PLACEHOLDER.length())}, utf8(PLACEHOLDER));
    return replaceLast(template, placeholder, value);
  }

  private static byte[] replaceLast(byte[] bytes, byte[] what, byte[] with) {
    for (int at = bytes.length - what.length; at >= 0; at--) {
      if (java.util.Arrays.equals(bytes, at, at + what.length, what, 0, what.length)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(with);
        out.write(bytes, at + what.length, bytes.length - at - what.length);
        return out.toByteArray();
      }
    }
    throw new AssertionError("no " + HexFormat.of().formatHex(what) + " in " + HexFormat.of().formatHex(bytes));
  }

  private static String digits(RandomGenerator random, int count) {
    StringBuilder text = new StringBuilder(count);
    text.append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < count; i++) {
      text.append((char) ('0' + random.nextInt(10)));
    }
    return text.toString();
  }

  private static WireFormat other(WireFormat format) {
    return format == WireFormat.JSON ? WireFormat.MSGPACK : WireFormat.JSON;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String cut(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "... (" + text.length() + " chars)" : text;
  }
}
