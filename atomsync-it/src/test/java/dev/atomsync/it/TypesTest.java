package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static dev.atomsync.core.Transit.sym;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Codec;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Values keep their Transit types from one client, through the server, to another. */
class TypesTest extends EndToEndTest {
  /** A record both clients register under the same tag. */
  record Task(String title, int priority, Level level, List<String> tags) {}

  /** An enum both clients register under the same tag. */
  enum Level { LOW, HIGH }

  private static final Codec TASKS =
      Codec.builder().record(Task.class, "it/task").enumType(Level.class, "it/level").build();

  @Test
  void registeredRecordsAndEnumsArriveAsThemselves() {
    SyncedAtom a = clients.open("a", "todo", clients.options().codec(TASKS));
    SyncedAtom b = clients.open("b", "todo", clients.options().codec(TASKS));
    Task task = new Task("Buy milk", 2, Level.HIGH, List.of("groceries"));

    a.put("todo:1", task);

    Await.doc(b, "todo:1", task);
    assertThat(b.get("todo:1")).isInstanceOf(Task.class);
    assertThat(((Task) b.get("todo:1")).priority()).isEqualTo(2);
  }

  @Test
  void transitValuesArriveWithTheirTypes() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    Map<Object, Object> value = Map.of(
        kw("keyword"), kw("groceries"),
        kw("symbol"), sym("milk"),
        kw("set"), Set.of(kw("a"), kw("b")),
        kw("uuid"), UUID.fromString("6a96e262-0000-4000-8000-000000000002"),
        kw("instant"), Instant.parse("2026-12-02T14:00:00.123456789Z"),
        kw("decimal"), new BigDecimal("1.50"),
        kw("uri"), URI.create("https://example.com/milk"),
        List.of(1L, 2L), "a map key that is a vector");

    a.put("todo:1", value);

    Await.doc(b, "todo:1", value);
    Map<?, ?> received = (Map<?, ?>) b.get("todo:1");
    assertThat(received.get(kw("decimal"))).isEqualTo(new BigDecimal("1.50"));
    assertThat(received.get(kw("instant"))).isEqualTo(Instant.parse("2026-12-02T14:00:00.123456789Z"));
    assertThat(received.get(kw("set"))).isInstanceOf(Set.class);
    assertThat(server.wire().values("todo").get("todo:1")).isEqualTo(value);
  }

  @Test
  void valuesPushedAsStoredAndValuesThatCannotBeArriveAlike() {
    SyncedAtom a = clients.open("a", "todo");
    SyncedAtom b = clients.open("b", "todo");
    // Repeated keys are cache references in the stored Transit JSON, and a scalar is quoted there:
    // a push holding either is encoded again instead of copying the stored bytes.
    Map<Object, Object> repeated =
        Map.of(kw("items"), List.of(Map.of(kw("name"), "a"), Map.of(kw("name"), "b")));
    Map<Object, Object> plain = Map.of(kw("text"), "say \"hi\" \u00e9", kw("done"), false);

    a.put("todo:plain", plain);
    Await.doc(b, "todo:plain", plain);
    a.swap(m -> m.plus("todo:repeated", repeated).plus("todo:scalar", "just text")
        .plus("todo:plain", Map.of(kw("text"), "again")));

    Await.doc(b, "todo:repeated", repeated);
    Await.doc(b, "todo:scalar", "just text");
    Await.doc(b, "todo:plain", Map.of(kw("text"), "again"));
    assertThat(server.wire().values("todo")).containsEntry("todo:repeated", repeated)
        .containsEntry("todo:scalar", "just text");
  }
}
