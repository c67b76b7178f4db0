package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.Users;
import dev.atomsync.server.testing.CliProcess;
import dev.atomsync.server.testing.RawHttp;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.Wire;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Tokens never reach the server's log: not the valid ones, not the wrong ones, not one put in a URL,
 * not even when a request fails inside the server. The log is read twice: in this JVM through an
 * appender on the root logger with AtomSync's own loggers at TRACE, and as the standard error of a
 * server run by the CLI with its shipped logback configuration.
 */
@Timeout(120)
class TokenLoggingTest {
  private static final String ALICE = "alice-" + UUID.randomUUID();
  private static final String BOB = "bob-" + UUID.randomUUID();
  private static final String USERS =
      """
      {"users": {"alice": {"token": "%s", "groups": ["todo"]},
                 "bob": {"token": "%s", "groups": ["notes"], "read": ["todo"]}}}
      """
          .formatted(ALICE, BOB);

  @TempDir Path dir;

  @Test
  void tokens_areNotLoggedInProcess_evenWhenARequestFailsInside() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("dev.atomsync");
    Level oursBefore = ours.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    ours.setLevel(Level.TRACE);
    List<String> tokens;
    try (TestServer server =
        TestServer.start(dir.resolve("sync.db"), b -> b.users(Users.parse(USERS)))) {
      tokens = exercise(server.root());
      // A failure inside the server is logged with its stack; the request carries tokens.
      server.server().service().store().close();
      RawHttp.send(server.root(), "GET", "/sync?group=todo&token=" + ALICE,
          "Authorization: Bearer " + ALICE);
      RawHttp.send(server.root(), "POST", "/sync?access_token=" + ALICE, pushBody(),
          "Authorization: Bearer " + ALICE, "Content-Type: " + WireFormat.JSON.mediaType());
    } finally {
      root.detachAppender(appender);
      ours.setLevel(oursBefore);
    }

    StringBuilder log = new StringBuilder();
    for (ILoggingEvent event : appender.list) {
      log.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
          .append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        log.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
      log.append(event.getMDCPropertyMap()).append('\n');
    }
    assertThat(log).as("the log").contains("internal error on GET /sync");
    assertNoToken(log.toString(), tokens);
  }

  @Test
  void tokens_areNotInTheStandardErrorOfACliServer() throws Exception {
    Files.writeString(dir.resolve("users.json"), USERS);
    int port = CliProcess.freePort();
    List<String> tokens;
    try (CliProcess cli =
        CliProcess.start(
            dir, "server", "--port", Integer.toString(port), "--db", "sync.db", "--users", "users.json")) {
      cli.awaitHealthy(port);
      tokens = exercise(URI.create("http://127.0.0.1:" + port + "/"));
      cli.terminate();
      cli.awaitExit();
      String log = cli.stderr() + cli.stdout();

      assertThat(log).as("the server's output").contains("2 users loaded");
      assertNoToken(log, tokens);
    }
  }

  /** Makes requests with right, wrong and misplaced tokens; returns every token it sent. */
  private static List<String> exercise(URI root) {
    List<String> tokens = new ArrayList<>(List.of(ALICE, BOB));
    try (TransitHttp alice = new TransitHttp(root).token(ALICE);
        TransitHttp bob = new TransitHttp(root).token(BOB)) {
      assertThat(alice.push("todo", put("todo:1", "x", 0)).status()).isEqualTo(200);
      assertThat(alice.pull("todo").status()).isEqualTo(200);
      assertThat(bob.pull("todo").status()).isEqualTo(200);
      assertThat(bob.push("todo", put("todo:2", "x", 0)).status()).isEqualTo(403);
      assertThat(alice.pull("notes").status()).isEqualTo(403);
      assertThat(alice.pull("bad%20group!").status()).isEqualTo(400);
      assertThat(alice.get("/sync/" + ALICE).status()).isEqualTo(404);
      for (int i = 0; i < 5; i++) {
        String wrong = i == 0 ? ALICE.substring(0, ALICE.length() - 1) + "x" : "mallory-" + UUID.randomUUID();
        tokens.add(wrong);
        try (TransitHttp mallory = new TransitHttp(root).token(wrong)) {
          assertThat(mallory.pull("todo").status()).isEqualTo(401);
          assertThat(mallory.push("todo", put("todo:3", "x", 0)).status()).isEqualTo(401);
        }
      }
      try (TransitHttp anonymous = new TransitHttp(root)) {
        for (String parameter : List.of("token", "access_token", "bearer")) {
          assertThat(anonymous.get("/sync?group=todo&" + parameter + "=" + ALICE).status()).isEqualTo(401);
        }
        assertThat(anonymous.post("/sync?token=" + BOB, Wire.push("todo", List.of(put("todo:4", "x", 0))))
            .status()).isEqualTo(401);
      }
      for (String header : List.of("Basic " + ALICE, ALICE, "Bearer  " + BOB + " extra", "Token " + BOB)) {
        assertThat(RawHttp.send(root, "GET", "/sync?group=todo", "Authorization: " + header).status())
            .as(header).isEqualTo(401);
      }
    }
    return tokens;
  }

  private static byte[] pushBody() {
    return dev.atomsync.core.Codec.standard()
        .encode(Wire.push("todo", List.of(put("todo:9", Map.of(), 0))), WireFormat.JSON);
  }

  private static void assertNoToken(String log, List<String> tokens) {
    assertThat(log).as("the log").isNotBlank();
    for (String token : tokens) {
      assertThat(log).as("the log, for token %s", token).doesNotContain(token);
      // Also the distinctive part, in case a prefix or a cut is logged.
      assertThat(log).as("the log, for token %s", token)
          .doesNotContain(token.substring(token.indexOf('-') + 1, token.indexOf('-') + 13));
    }
    assertThat(log.getBytes(StandardCharsets.UTF_8).length).isPositive();
  }
}
