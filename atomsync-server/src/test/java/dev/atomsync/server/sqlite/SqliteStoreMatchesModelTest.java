package dev.atomsync.server.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.InMemoryStore;
import dev.atomsync.server.spi.ManualClock;
import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.spi.StoredPushResult.Stale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs random histories of pushes, retries, pulls, purges and clock jumps against {@link
 * SqliteStore} and {@link InMemoryStore}, and requires identical answers at every step.
 */
class SqliteStoreMatchesModelTest {
  private static final List<String> GROUPS = List.of("todo", "notes");
  private static final int STEPS = 400;

  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomHistory_matchesModel(long seed) {
    Random random = new Random(seed);
    ManualClock clock = new ManualClock();
    Map<String, List<StoredChange>> sent = new HashMap<>();
    try (SqliteStore sqlite = SqliteStore.open(dir.resolve("store.db"), clock);
        Store model = new InMemoryStore(clock)) {
      for (int step = 0; step < STEPS; step++) {
        String at = "seed " + seed + ", step " + step;
        int dice = random.nextInt(100);
        if (dice < 50) {
          String group = pick(random, GROUPS);
          List<StoredChange> changes = changes(random, group, model, sent);
          assertSame(at, sqlite.push(group, "alice", changes), model.push(group, "alice", changes));
        } else if (dice < 85) {
          String group = pick(random, GROUPS);
          long lastSeq = model.lastSeq();
          long horizon = model.pull(group, 0, 0, 1).horizon();
          long since = random.nextInt(3) == 0 ? 0 : random.nextLong(lastSeq + 3);
          long clientHorizon = random.nextBoolean() ? 0 : random.nextLong(horizon + 2);
          int limit = 1 + random.nextInt(6);
          assertSame(at, sqlite.pull(group, since, clientHorizon, limit),
              model.pull(group, since, clientHorizon, limit));
        } else if (dice < 95) {
          clock.advance(Duration.ofMinutes(random.nextInt(90) - 15));
        } else {
          var olderThan = clock.instant().minus(Duration.ofMinutes(random.nextInt(240)));
          PurgeResult expected = model.purge(olderThan);
          assertThat(sqlite.purge(olderThan)).as(at).isEqualTo(expected);
        }
        assertThat(sqlite.lastSeq()).as(at).isEqualTo(model.lastSeq());
      }
    }
  }

  /** Makes one push: fresh edits on mostly current bases, stale ones, and retries of sent ones. */
  private static List<StoredChange> changes(
      Random random, String group, Store model, Map<String, List<StoredChange>> sent) {
    Map<String, StoredChange> byId = new LinkedHashMap<>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      String id = group + ":" + random.nextInt(6);
      if (byId.containsKey(id)) {
        continue;
      }
      List<StoredChange> earlier = sent.getOrDefault(id, List.of());
      StoredChange change;
      if (!earlier.isEmpty() && random.nextInt(8) == 0) {
        change = pick(random, earlier);
      } else {
        long version = currentVersion(model, group, id);
        long base = random.nextInt(5) == 0 ? random.nextLong(version + 2) : version;
        Op op = random.nextInt(4) == 0 ? Op.DELETE : Op.PUT;
        byte[] value = op == Op.PUT ? ("v" + random.nextInt(1000)).getBytes(UTF_8) : null;
        change = new StoredChange(id, op, value, base, UUID.randomUUID());
        sent.computeIfAbsent(id, k -> new ArrayList<>()).add(change);
      }
      byId.put(id, change);
    }
    return List.copyOf(byId.values());
  }

  private static long currentVersion(Store model, String group, String id) {
    return model.pull(group, 0, 0, 10_000).docs().stream()
        .filter(d -> d.id().equals(id))
        .mapToLong(StoredDoc::version)
        .findFirst()
        .orElse(0);
  }

  private static void assertSame(String at, StoredPushResult actual, StoredPushResult expected) {
    assertThat(actual.cursor()).as(at + ": cursor").isEqualTo(expected.cursor());
    assertThat(actual.outcomes()).as(at).hasSameSizeAs(expected.outcomes());
    for (int i = 0; i < expected.outcomes().size(); i++) {
      Outcome a = actual.outcomes().get(i);
      Outcome e = expected.outcomes().get(i);
      if (e instanceof Stale staleE && a instanceof Stale staleA) {
        assertSameDoc(at, staleA.current(), staleE.current());
      } else {
        assertThat(a).as(at + ": outcome " + i).isEqualTo(e);
      }
    }
  }

  private static void assertSame(String at, StoredPage actual, StoredPage expected) {
    assertThat(List.of(actual.cursor(), actual.more(), actual.reset(), actual.horizon()))
        .as(at + ": cursor, more, reset, horizon")
        .isEqualTo(List.of(expected.cursor(), expected.more(), expected.reset(), expected.horizon()));
    assertThat(actual.docs()).as(at).hasSameSizeAs(expected.docs());
    for (int i = 0; i < expected.docs().size(); i++) {
      assertSameDoc(at, actual.docs().get(i), expected.docs().get(i));
    }
  }

  private static void assertSameDoc(String at, @Nullable StoredDoc actual, @Nullable StoredDoc expected) {
    if (expected == null) {
      assertThat(actual).as(at).isNull();
      return;
    }
    assertThat(actual).as(at).isNotNull();
    assertThat(List.of(actual.id(), actual.version(), actual.deleted(), actual.seq(), actual.updated()))
        .as(at)
        .isEqualTo(List.of(expected.id(), expected.version(), expected.deleted(), expected.seq(),
            expected.updated()));
    assertThat(actual.value()).as(at).isEqualTo(expected.value());
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
