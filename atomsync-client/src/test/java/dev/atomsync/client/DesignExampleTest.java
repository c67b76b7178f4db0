package dev.atomsync.client;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client example of DESIGN.md, so that the API cannot drift from it unnoticed. {@code ready()}
 * comes with the sync loop; until then an atom with a server keeps its changes in the outbox.
 */
class DesignExampleTest {
  @TempDir Path dir;

  @Test
  void designExample_compilesAndRuns() {
    List<String> log = new ArrayList<>();
    try (AtomSync db = AtomSync.open(dir.resolve("my-app.db"))) {
      SyncedAtom todos = db.atom("todo", SyncOptions.server(URI.create("http://localhost:8090/sync"))
                                                   .token("abc123"));
      todos.addWatch("log", (key, atom, oldValue, newValue) -> log.add(newValue.size() + " todos"));
      todos.swap(m -> m.plus("todo:1", Map.of(kw("text"), "Buy milk", kw("tags"), Set.of(kw("groceries")))));
      Map<String, Object> value = todos.deref();

      assertThat(value).containsOnlyKeys("todo:1");
      assertThat(todos.pendingCount()).isEqualTo(1);
    }
    assertThat(log).containsExactly("1 todos");
  }
}
