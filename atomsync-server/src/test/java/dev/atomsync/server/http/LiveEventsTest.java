package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atomsync.core.ChangeEvent;
import dev.atomsync.core.Keys;
import dev.atomsync.core.internal.Fields;
import dev.atomsync.server.LiveEvents;
import dev.atomsync.server.internal.wire.CarriedChanges;
import dev.atomsync.server.Users;
import dev.atomsync.server.testing.EventRecorder;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /sync/events}: Server-Sent Events after commits, pings, auth, shutdown. */
class LiveEventsTest {
  private static final String USERS =
      """
      {"users": {"alice": {"token": "alice-token", "groups": ["todo"], "read": ["news"]}}}
      """;

  @TempDir Path dir;
  private TestServer server;
  private TransitHttp http;

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            dir.resolve("sync.db"),
            b -> b.users(Users.parse(USERS)).pingInterval(Duration.ofMillis(200)));
    http = server.http("alice-token");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void events_sendChangeWithGroupAndCursorAfterPush() {
    try (EventRecorder events = open("todo")) {
      assertThat(events.status()).isEqualTo(200);
      assertThat(events.header("Content-Type")).startsWith("text/event-stream");

      long seq = longField(http.pushOne("todo", put("todo:1", "x", 0)), "seq");

      EventRecorder.Event change = events.awaitChange(seq);
      Map<Object, Object> data = change.transit();
      assertThat(data).containsOnlyKeys(kw("group"), kw("cursor"), kw("since"), kw("docs"));
      assertThat(field(data, "group")).isEqualTo("todo");
      assertThat(change.cursor()).isGreaterThanOrEqualTo(seq);
    }
  }

  @Test
  void events_ofASmallPushCarryItsDocsExactlyAsAPullFromSinceReturnsThem() {
    try (TestServer open = TestServer.start(dir.resolve("open.db"), b -> b);
        EventRecorder events = EventRecorder.open(open.http(), "/sync/events?group=todo")) {
      TransitHttp http = open.http();
      await().atMost(EventRecorder.PATIENCE)
          .until(() -> open.server().service().events().listenerCount() == 1);
      long first = longField(
          http.push("todo", List.of(put("todo:1", "x", 0), put("todo:3", "y", 0))).map(),
          "cursor");
      events.awaitChange(first);
      http.pushOne("other", put("other:1", "elsewhere", 0));

      Reply pushed = http.push("todo", List.of(
          put("todo:1", Map.of(kw("text"), "milk", kw("n"), 3L), 1), delete("todo:2", 0),
          put("todo:3", "stale", 0), put("todo:4", List.of("a", kw("b")), 0)));
      long cursor = longField(pushed.map(), "cursor");

      Map<Object, Object> data = events.awaitChange(cursor).transit();
      assertThat(longField(data, "since")).isEqualTo(first);
      assertThat(longField(pushed.map(), "since")).isEqualTo(first);
      Reply pulled = http.pull("todo", "since=" + first);
      assertThat(field(data, "docs")).isEqualTo(pulled.get("docs"));
      assertThat((List<?>) field(data, "docs")).hasSize(3);
      assertThat(longField(pulled.map(), "cursor")).isEqualTo(cursor);
    }
  }

  @Test
  void events_ofABigPushCarryTheCursorOnly() {
    try (EventRecorder events = open("todo")) {
      awaitListeners(1);
      String big = "x".repeat(CarriedChanges.MAX_BYTES);

      long seq = longField(http.pushOne("todo", put("todo:1", big, 0)), "seq");

      assertThat(events.awaitChange(seq).transit()).containsOnlyKeys(kw("group"), kw("cursor"));
    }
  }

  @Test
  void events_readByAVersionOneReaderThatKnowsOnlyGroupAndCursor() {
    try (EventRecorder events = open("todo")) {
      awaitListeners(1);
      long seq = longField(http.pushOne("todo", put("todo:1", "x", 0)), "seq");

      Map<Object, Object> data = events.awaitChange(seq).transit();
      // How ChangeEvent.fromTransit read an event before events carried changes.
      Fields v1 = Fields.of(data, "change event");
      ChangeEvent read = new ChangeEvent(v1.string(Keys.GROUP), v1.nonNegative(Keys.CURSOR));

      assertThat(read).isEqualTo(new ChangeEvent("todo", seq));
      assertThat(ChangeEvent.announcementFromTransit(data)).isEqualTo(read);
    }
  }

  @Test
  void events_reachEveryListenerOfTheGroup() {
    try (EventRecorder first = open("todo");
        EventRecorder second = open("todo")) {
      awaitListeners(2);

      long seq = longField(http.pushOne("todo", put("todo:1", "x", 0)), "seq");

      first.awaitChange(seq);
      second.awaitChange(seq);
    }
  }

  @Test
  void events_ignorePushesToOtherGroups() {
    try (TestServer open = TestServer.start(dir.resolve("open.db"), b -> b.pingInterval(Duration.ofMillis(200)));
        EventRecorder events = EventRecorder.open(open.http(), "/sync/events?group=todo")) {
      await().atMost(EventRecorder.PATIENCE)
          .until(() -> open.server().service().events().listenerCount() == 1);

      long other = longField(open.http().pushOne("other", put("other:1", "x", 0)), "seq");
      // The stream writes a pending event before its next ping; a ping written before the
      // push may still arrive after it, hence several.
      events.skipArrived();
      events.awaitComment("ping");
      events.awaitComment("ping");
      events.awaitComment("ping");
      assertThat(events.changesSeen()).isEmpty();

      long seq = longField(open.http().pushOne("todo", put("todo:1", "x", 0)), "seq");
      events.awaitChange(seq);
      assertThat(events.changesSeen()).extracting(EventRecorder.Event::cursor).doesNotContain(other);
    }
  }

  @Test
  void events_sendPingsWhileIdle() {
    try (EventRecorder events = open("todo")) {
      events.awaitComment("ping");
      events.awaitComment("ping");
    }
  }

  @Test
  void events_coalesceABurstButDeliverTheFinalCursor() {
    try (EventRecorder events = open("todo")) {
      awaitListeners(1);
      long last = 0;
      for (int i = 0; i < 100; i++) {
        last = longField(http.pushOne("todo", put("todo:" + i, i, 0)), "seq");
      }

      EventRecorder.Event change = events.awaitChange(last);

      assertThat(change.cursor()).isEqualTo(last);
      assertThat(events.changesSeen()).extracting(EventRecorder.Event::cursor).isSorted();
    }
  }

  @Test
  void events_followARetriedPushWithoutANewCursor() {
    try (EventRecorder events = open("todo")) {
      awaitListeners(1);
      var change = put("todo:1", "x", 0);
      long seq = longField(http.pushOne("todo", change), "seq");
      events.awaitChange(seq);

      http.pushOne("todo", change);
      long next = longField(http.pushOne("todo", put("todo:2", "y", 0)), "seq");

      events.awaitChange(next);
      assertThat(events.changesSeen()).extracting(EventRecorder.Event::cursor).containsOnly(seq, next);
    }
  }

  @Test
  void events_withoutTokenAre401BeforeStreaming() {
    try (EventRecorder events = EventRecorder.open(server.http(), "/sync/events?group=todo")) {
      assertThat(events.status()).isEqualTo(401);
      assertThat(events.header("Content-Type")).startsWith("application/transit+json");
      assertThat(field(events.errorBody(), "error")).isEqualTo(kw("unauthorized"));
    }
  }

  @Test
  void events_withUnknownTokenAre401() {
    try (EventRecorder events = EventRecorder.open(server.http("nope"), "/sync/events?group=todo")) {
      assertThat(events.status()).isEqualTo(401);
      assertThat(field(events.errorBody(), "error")).isEqualTo(kw("unauthorized"));
    }
  }

  @Test
  void events_ofGroupNotAllowedAre403() {
    try (EventRecorder events = open("secret")) {
      assertThat(events.status()).isEqualTo(403);
      assertThat(field(events.errorBody(), "error")).isEqualTo(kw("forbidden"));
    }
    assertThat(server.server().service().events().listenerCount()).isZero();
  }

  @Test
  void events_ofReadOnlyGroupAreAllowed() {
    try (EventRecorder events = open("news")) {
      assertThat(events.status()).isEqualTo(200);
    }
  }

  @Test
  void events_tokenInUrlIsNotAccepted() {
    try (EventRecorder events =
        EventRecorder.open(server.http(), "/sync/events?group=todo&token=alice-token")) {
      assertThat(events.status()).isEqualTo(401);
    }
  }

  @Test
  void events_withBadOrMissingGroupAre400() {
    try (EventRecorder bad = open("has%20space");
        EventRecorder missing = EventRecorder.open(http, "/sync/events")) {
      assertThat(bad.status()).isEqualTo(400);
      assertThat(field(bad.errorBody(), "error")).isEqualTo(kw("bad-request"));
      assertThat(missing.status()).isEqualTo(400);
    }
  }

  @Test
  void events_endWhenTheServerCloses() {
    // A client of its own, so that the server, not the fixture, ends the stream.
    try (TransitHttp own = new TransitHttp(server.root()).token("alice-token");
        EventRecorder events = EventRecorder.open(own, "/sync/events?group=todo")) {
      awaitListeners(1);

      server.close();

      events.awaitEnd();
    }
  }

  @Test
  void events_stopListeningWhenTheClientGoesAway() {
    EventRecorder events = open("todo");
    awaitListeners(1);

    events.close();

    await().atMost(EventRecorder.PATIENCE)
        .until(() -> server.server().service().events().listenerCount() == 0);
  }

  private EventRecorder open(String group) {
    return EventRecorder.open(http, "/sync/events?group=" + group);
  }

  private void awaitListeners(int count) {
    LiveEvents events = server.server().service().events();
    await().atMost(EventRecorder.PATIENCE).until(() -> events.listenerCount() == count);
  }
}
