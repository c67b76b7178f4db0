package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.testing.MutableClock;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Purged tombstones over HTTP: resets below the horizon, and passes that end despite them. */
class PurgeResetTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private TestServer server;
  private TransitHttp http;
  private long firstSeq;
  private long horizon;

  /** Live: todo:keep-0..4 (old) and todo:new (recent); purged: tombstones todo:gone-0..4. */
  @BeforeEach
  void purgeOldTombstones() {
    server = TestServer.start(dir.resolve("sync.db"), clock, b -> b);
    http = server.http();
    firstSeq = longField(http.pushOne("todo", put("todo:keep-0", 0L, 0)), "seq");
    for (int i = 1; i < 5; i++) {
      http.pushOne("todo", put("todo:keep-" + i, (long) i, 0));
    }
    for (int i = 0; i < 5; i++) {
      http.pushOne("todo", put("todo:gone-" + i, (long) i, 0));
      http.pushOne("todo", delete("todo:gone-" + i, 1));
    }
    http.pushOne("other", put("other:1", "x", 0));
    clock.advance(Duration.ofDays(40));
    http.pushOne("todo", put("todo:new", "recent", 0));

    PurgeResult purged = server.server().service().store().purge(clock.instant().minus(Duration.ofDays(30)));

    assertThat(purged.tombstones()).isEqualTo(5);
    horizon = purged.horizons().get("todo");
    assertThat(horizon).isGreaterThan(firstSeq);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pull_belowTheHorizonWithoutHorizonParamIsAResetWithTheLiveSet() {
    Reply reply = http.pull("todo", "since=" + firstSeq);

    assertThat(reply.get("reset")).isEqualTo(true);
    assertThat(reply.get("horizon")).isEqualTo(horizon);
    Set<String> ids = new HashSet<>();
    for (Object doc : (List<?>) reply.get("docs")) {
      ids.add((String) field(doc, "id"));
      assertThat(field(doc, "deleted")).isEqualTo(false);
    }
    assertThat(ids)
        .containsExactlyInAnyOrder(
            "todo:keep-0", "todo:keep-1", "todo:keep-2", "todo:keep-3", "todo:keep-4", "todo:new");
  }

  @Test
  void pull_belowTheHorizonWithTheHorizonIsNoReset() {
    Reply reply = http.pull("todo", "since=" + firstSeq + "&horizon=" + horizon);

    assertThat(reply.get("reset")).isEqualTo(false);
    assertThat((List<?>) reply.get("docs"))
        .extracting(d -> field(d, "id"))
        .doesNotContain("todo:keep-0")
        .contains("todo:new");
  }

  @Test
  void pull_fromZeroIsNeverAReset() {
    Reply reply = http.pull("todo", "since=0");

    assertThat(reply.get("reset")).isEqualTo(false);
    assertThat(reply.get("horizon")).isEqualTo(horizon);
  }

  @Test
  void pull_ofAnotherGroupIsNotAffected() {
    Reply reply = http.pull("other", "since=1");

    assertThat(reply.get("reset")).isEqualTo(false);
  }

  @Test
  void pull_pagedFromZeroPassingTheHorizonEndsWithoutResets() {
    List<String> ids = new ArrayList<>();
    long since = 0;
    long passHorizon = 0;
    Reply reply = null;
    for (int page = 0; page < 50; page++) {
      reply = http.pull("todo", "since=" + since + "&limit=2&horizon=" + passHorizon);
      assertThat(reply.get("reset")).as("page %d", page).isEqualTo(false);
      if (page == 0) {
        passHorizon = longField(reply.map(), "horizon");
      }
      for (Object doc : (List<?>) reply.get("docs")) {
        ids.add((String) field(doc, "id"));
      }
      since = longField(reply.map(), "cursor");
      if (!(Boolean) reply.get("more")) {
        break;
      }
    }

    assertThat(reply.get("more")).isEqualTo(false);
    assertThat(ids).doesNotHaveDuplicates().hasSize(6);
    assertThat(since).isGreaterThanOrEqualTo(horizon);
    assertThat(http.pull("todo", "since=" + since).get("reset")).isEqualTo(false);
  }

  @Test
  void pull_resetPassPagedWithTheHorizonEndsAboveIt() {
    Reply first = http.pull("todo", "since=" + firstSeq + "&limit=2");
    assertThat(first.get("reset")).isEqualTo(true);
    long passHorizon = longField(first.map(), "horizon");
    Set<String> ids = new HashSet<>();
    ((List<?>) first.get("docs")).forEach(d -> ids.add((String) field(d, "id")));
    long since = longField(first.map(), "cursor");
    Reply reply = first;
    for (int page = 0; page < 50 && (Boolean) reply.get("more"); page++) {
      reply = http.pull("todo", "since=" + since + "&limit=2&horizon=" + passHorizon);
      assertThat(reply.get("reset")).isEqualTo(false);
      ((List<?>) reply.get("docs")).forEach(d -> ids.add((String) field(d, "id")));
      since = longField(reply.map(), "cursor");
    }

    assertThat(reply.get("more")).isEqualTo(false);
    assertThat(ids).hasSize(6);
    assertThat(since).isGreaterThanOrEqualTo(horizon);
  }
}
