package dev.atomsync.client.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Durability;
import dev.atomsync.client.internal.InMemoryLocalStore;
import dev.atomsync.client.internal.SqliteLocalStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs random histories of writes, pushes, acknowledgements, pulls, resets and settled conflicts
 * against {@link SqliteLocalStore} and the reference {@link InMemoryLocalStore}, and requires the
 * same answers and the same stored state at every step. Outbox seqs are compared by order only:
 * SQLite may reuse the seq of a removed last entry.
 */
class SqliteLocalStoreMatchesModelTest {
  private static final List<String> GROUPS = List.of("todo", "notes");
  private static final List<String> VALUES = List.of("a", "b", "c");
  private static final int DOCS_PER_GROUP = 4;
  private static final int STEPS = 500;

  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomHistory_matchesModel(long seed) {
    Random random = new Random(seed);
    try (LocalStore sqlite = SqliteLocalStore.open(
            dir.resolve("client.db"), Durability.NORMAL, changeIds());
        LocalStore model = new InMemoryLocalStore(UUID.randomUUID(), changeIds())) {
      long cursor = 0;
      for (int step = 0; step < STEPS; step++) {
        String at = "seed " + seed + ", step " + step;
        String group = GROUPS.get(random.nextInt(GROUPS.size()));
        int dice = random.nextInt(100);
        if (dice < 30) {
          List<LocalWrite> writes = writes(random, group);
          sqlite.write(group, writes);
          model.write(group, writes);
        } else if (dice < 45) {
          int limit = 1 + random.nextInt(4);
          assertThat(normalized(sqlite.takeForPush(group, limit))).as(at)
              .isEqualTo(normalized(model.takeForPush(group, limit)));
        } else if (dice < 60) {
          List<Ack> acks = acks(random, model.outbox(group));
          assertThat(sqlite.acknowledge(group, acks)).as(at)
              .isEqualTo(model.acknowledge(group, acks));
        } else if (dice < 82) {
          List<RemoteDoc> docs = new ArrayList<>();
          for (int i = random.nextInt(4); i > 0; i--) {
            docs.add(remote(random, id(random, group)));
          }
          cursor += random.nextInt(3);
          PullPosition next = new PullPosition(cursor, random.nextInt(3));
          boolean reset = random.nextInt(6) == 0;
          assertThat(sqlite.applyPull(group, docs, next, reset)).as(at)
              .isEqualTo(model.applyPull(group, docs, next, reset));
        } else {
          List<OutboxEntry> inFlight =
              model.outbox(group).stream().filter(OutboxEntry::inFlight).toList();
          UUID change;
          String id;
          if (inFlight.isEmpty() || random.nextInt(8) == 0) {
            change = UUID.randomUUID();
            id = id(random, group);
          } else {
            OutboxEntry entry = inFlight.get(random.nextInt(inFlight.size()));
            change = entry.change();
            id = entry.id();
          }
          RemoteDoc server = remote(random, id);
          Resolution resolution = switch (random.nextInt(3)) {
            case 0 -> Resolution.takeServer();
            case 1 -> Resolution.keepLocal();
            default -> Resolution.push(value(random));
          };
          assertThat(sqlite.settle(group, change, server, resolution)).as(at)
              .isEqualTo(model.settle(group, change, server, resolution));
        }
        assertSameState(at, sqlite, model);
      }
    }
  }

  private static void assertSameState(String at, LocalStore sqlite, LocalStore model) {
    for (String group : GROUPS) {
      assertThat(texts(sqlite.load(group))).as(at).isEqualTo(texts(model.load(group)));
      assertThat(normalized(sqlite.outbox(group))).as(at)
          .isEqualTo(normalized(model.outbox(group)));
      assertThat(sqlite.pendingCount(group)).as(at).isEqualTo(model.pendingCount(group));
      assertThat(sqlite.position(group)).as(at).isEqualTo(model.position(group));
      for (int i = 1; i <= DOCS_PER_GROUP; i++) {
        String id = group + ":" + i;
        assertThat(sqlite.document(id)).as(at + ", " + id).isEqualTo(model.document(id));
      }
    }
  }

  private static List<LocalWrite> writes(Random random, String group) {
    Map<String, LocalWrite> byId = new LinkedHashMap<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      String id = id(random, group);
      byId.put(id, new LocalWrite(id, value(random)));
    }
    return List.copyOf(byId.values());
  }

  private static List<Ack> acks(Random random, List<OutboxEntry> outbox) {
    List<Ack> acks = new ArrayList<>();
    for (OutboxEntry entry : outbox) {
      if (random.nextInt(3) > 0) {
        acks.add(new Ack(entry.id(), entry.change(), 1 + random.nextInt(8)));
      }
    }
    if (random.nextInt(5) == 0) {
      OutboxEntry any = outbox.isEmpty() ? null : outbox.get(random.nextInt(outbox.size()));
      acks.add(any != null && random.nextBoolean()
          ? new Ack("other:1", any.change(), 1 + random.nextInt(8))
          : new Ack(any == null ? "todo:1" : any.id(), UUID.randomUUID(), 1 + random.nextInt(8)));
    }
    return acks;
  }

  private static RemoteDoc remote(Random random, String id) {
    long version = random.nextInt(9);
    return new RemoteDoc(id, version == 0 ? null : value(random), version);
  }

  private static byte @Nullable [] value(Random random) {
    int pick = random.nextInt(VALUES.size() + 1);
    return pick == VALUES.size() ? null : VALUES.get(pick).getBytes(UTF_8);
  }

  private static String id(Random random, String group) {
    return group + ":" + (1 + random.nextInt(DOCS_PER_GROUP));
  }

  private static Supplier<UUID> changeIds() {
    long[] next = {0};
    return () -> new UUID(0, ++next[0]);
  }

  private static List<OutboxEntry> normalized(List<OutboxEntry> entries) {
    return entries.stream()
        .map(e -> new OutboxEntry(0, e.id(), e.op(), e.value(), e.base(), e.change(), e.inFlight()))
        .toList();
  }

  private static SortedMap<String, String> texts(SortedMap<String, byte[]> values) {
    SortedMap<String, String> texts = new TreeMap<>();
    values.forEach((id, value) -> texts.put(id, new String(value, UTF_8)));
    return texts;
  }
}
