package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.Users;
import dev.atomsync.server.testing.RawHttp;
import dev.atomsync.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the server reads a pull's query string: as HTML forms encode it (percent-escapes of UTF-8,
 * {@code +} for a space, the first of a repeated name), over real HTTP.
 */
class QueryStringTest {
  private static final String USERS =
      """
      {"users": {"alice": {"token": "alice-token", "groups": ["todo"]}}}
      """;

  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(dir.resolve("sync.db"), b -> b.users(Users.parse(USERS)));
    server.http("alice-token").push("todo", put("todo:1", "one", 0), put("todo:2", "two", 0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "group=todo&since=1", "group=%74%6F%64%6f&since=%31", "since=1&group=todo",
    "group=todo&since=1&group=other", "&&group=todo&&since=1&", "group=todo&since=1&flag",
    "group=todo&since=1&note=caf%C3%A9+au+lait", "group=todo&since=1&=x"
  })
  void decodesParametersAsFormsEncodeThem(String query) {
    RawHttp.Response response = get(query);

    assertThat(response.status()).as(query).isEqualTo(200);
    assertThat((List<?>) field(response.transit(), "docs")).as(query).hasSize(1);
  }

  @Test
  void plusIsASpace() {
    RawHttp.Response response = get("group=to+do");

    assertThat(response.status()).isEqualTo(400);
    assertThat((String) field(response.transit(), "message")).contains("\"to do\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "group=todo&since=%3", "group=todo&since=%g1", "group=todo&x=%C3", "group=todo&x=%ED%A0%80",
    "group=todo&%FF=1", "group=todo&x=%C0%AF"
  })
  void refusesBrokenEscapesAndBytesThatAreNotUtf8InAnyParameter(String query) {
    RawHttp.Response response = get(query);

    assertThat(response.status()).as(query).isEqualTo(400);
    assertThat(field(response.transit(), "error")).isEqualTo(kw("bad-request"));
    assertThat((String) field(response.transit(), "message")).startsWith("malformed query string");
  }

  private RawHttp.Response get(String query) {
    return RawHttp.send(server.root(), "GET", "/sync?" + query, "Authorization: Bearer alice-token",
        "Accept: application/transit+json");
  }
}
