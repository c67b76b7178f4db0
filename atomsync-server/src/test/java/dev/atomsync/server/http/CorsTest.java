package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.Users;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import dev.atomsync.server.testing.Wire;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CORS: preflights, allowed origins, and the header on errors. */
class CorsTest {
  private static final String APP = "https://app.example";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"/sync", "/sync/events"})
  void preflight_answers204WithMethodsAndHeaders(String path) {
    try (TestServer server = TestServer.start(dir.resolve("sync.db"))) {
      Reply reply = preflight(server.http(), path, APP);

      assertThat(reply.status()).isEqualTo(204);
      assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(list(reply.header("Access-Control-Allow-Methods"))).contains("get", "post");
      assertThat(list(reply.header("Access-Control-Allow-Headers")))
          .contains("authorization", "content-type");
      assertThat(reply.raw().body()).isEmpty();
    }
  }

  @Test
  void preflight_needsNoToken() {
    String users = "{\"users\": {\"alice\": {\"token\": \"t\", \"groups\": [\"todo\"]}}}";
    try (TestServer server = TestServer.start(dir.resolve("sync.db"), b -> b.users(Users.parse(users)))) {
      Reply reply = preflight(server.http(), "/sync", APP);

      assertThat(reply.status()).isEqualTo(204);
      assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
  }

  @Test
  void defaultOrigins_allowAnyOrigin() {
    try (TestServer server = TestServer.start(dir.resolve("sync.db"))) {
      TransitHttp http = server.http();

      Reply pull = http.send(http.request("/sync?group=todo").header("Origin", "https://anywhere.example").GET());

      assertThat(pull.status()).isEqualTo(200);
      assertThat(pull.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
  }

  @Test
  void configuredOrigin_isEchoedWithVaryOrigin() {
    try (TestServer server = configured()) {
      TransitHttp http = server.http();

      Reply pull = http.send(http.request("/sync?group=todo").header("Origin", APP).GET());
      Reply preflight = preflight(http, "/sync", APP);

      assertThat(pull.header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(list(String.join(",", pull.raw().headers().allValues("Vary")))).contains("origin");
      assertThat(preflight.status()).isEqualTo(204);
      assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    }
  }

  @Test
  void configuredOrigins_allowEachOfThem() {
    try (TestServer server = configured()) {
      TransitHttp http = server.http();

      Reply pull = http.send(http.request("/sync?group=todo").header("Origin", "https://admin.example").GET());

      assertThat(pull.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example");
    }
  }

  @Test
  void otherOrigin_getsNoAllowOriginHeader() {
    try (TestServer server = configured()) {
      TransitHttp http = server.http();

      Reply pull = http.send(http.request("/sync?group=todo").header("Origin", "https://evil.example").GET());
      Reply preflight = preflight(http, "/sync", "https://evil.example");
      Reply noOrigin = http.pull("todo");

      assertThat(pull.status()).isEqualTo(200);
      assertThat(pull.header("Access-Control-Allow-Origin")).isNull();
      assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
      assertThat(noOrigin.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  void errors_carryTheCorsHeaderToo() {
    try (TestServer server = configured()) {
      TransitHttp http = server.http();

      Reply badRequest =
          http.send(http.request("/sync?group=todo&since=-1").header("Origin", APP).GET());
      Reply notAllowed =
          http.send(http.request("/sync").header("Origin", APP).method("PUT", HttpRequest.BodyPublishers.noBody()));
      Reply unsupported =
          http.send(
              http.request("/sync")
                  .header("Origin", APP)
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString("hi")));

      for (Reply reply : List.of(badRequest, notAllowed, unsupported)) {
        assertThat(reply.status()).isBetween(400, 499);
        assertThat(reply.header("Access-Control-Allow-Origin")).as("%s", reply).isEqualTo(APP);
      }
    }
  }

  @Test
  void unauthorized_carriesTheCorsHeader() {
    String users = "{\"users\": {\"alice\": {\"token\": \"t\", \"groups\": [\"todo\"]}}}";
    try (TestServer server = TestServer.start(dir.resolve("sync.db"), b -> b.users(Users.parse(users)))) {
      TransitHttp http = server.http();

      Reply reply = http.send(http.request("/sync?group=todo").header("Origin", APP).GET());

      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
  }

  @Test
  void push_fromAllowedOriginWorks() {
    try (TestServer server = configured()) {
      TransitHttp http = server.http();
      byte[] body =
          Codec.standard().encode(Wire.push("todo", List.of(put("todo:1", "x", 0))), WireFormat.JSON);

      Reply reply =
          http.send(
              http.request("/sync")
                  .header("Origin", APP)
                  .header("Content-Type", "application/transit+json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(field(((List<?>) reply.get("results")).get(0), "status")).isEqualTo(kw("ok"));
    }
  }

  private TestServer configured() {
    return TestServer.start(
        dir.resolve("sync.db"), b -> b.corsOrigins(List.of(APP, "https://admin.example")));
  }

  private static Reply preflight(TransitHttp http, String path, String origin) {
    return http.send(
        http.request(path)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }

  private static List<String> list(String header) {
    assertThat(header).isNotNull();
    return Arrays.stream(header.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .toList();
  }
}
