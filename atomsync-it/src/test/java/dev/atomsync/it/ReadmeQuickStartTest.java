package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cognitect.transit.Keyword;
import dev.atomsync.client.AtomSync;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.server.Users;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The client quick start of README.md runs as written, against a server that requires tokens. */
class ReadmeQuickStartTest extends EndToEndTest {

  @Override
  protected Users users() {
    return Users.parse("""
        {"users": {"alice": {"token": "abc123", "groups": ["todo", "settings"]}}}""");
  }

  @Test
  void quickStartDocumentReachesServerWithKeywordsAndSetIntact() {
    URI serverUri = server.syncUri();

    // Exactly the example of README.md, from here ...
    try (AtomSync db = AtomSync.open(dir.resolve("my-app.db"))) {
      SyncedAtom todos = db.atom("todo", SyncOptions.server(serverUri).token("abc123"));
      todos.ready().join();
      todos.swap(m -> m.plus("todo:1", Map.of(kw("text"), "Buy milk", kw("tags"), Set.of(kw("groceries")))));
      todos.addWatch("log", (key, atom, oldValue, newValue) -> System.out.println(newValue.size() + " todos"));
    }
    // ... to here.

    // The example closes right after its swap; opening the file again pushes whatever was left.
    try (AtomSync db = AtomSync.open(dir.resolve("my-app.db"))) {
      SyncedAtom todos = db.atom("todo", SyncOptions.server(serverUri).token("abc123"));
      Await.nothingPending(todos);
    }
    Doc doc = server.wire("abc123").pullAll("todo").get("todo:1");
    assertThat(doc).isNotNull();
    assertThat(doc.value()).isEqualTo(
        Map.of(kw("text"), "Buy milk", kw("tags"), Set.of(kw("groceries"))));
    Map<?, ?> value = (Map<?, ?>) doc.value();
    assertThat(value.keySet()).allMatch(Keyword.class::isInstance);
    assertThat(value.get(kw("tags"))).isInstanceOf(Set.class);
    assertThat((Set<?>) value.get(kw("tags"))).singleElement().isInstanceOf(Keyword.class);
    assertThatThrownBy(() -> server.wire().pullAll("todo"))
        .as("the server requires the token").hasMessageContaining("401");
  }

  @Test
  void readmeShowsExactlyTheCodeThisTestRuns() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String test = Files.readString(Path.of("src/test/java/dev/atomsync/it/ReadmeQuickStartTest.java"));

    String inTest = between(test, "// Exactly the example of README.md, from here ...\n", "    // ... to here.")
        .lines().map(line -> line.substring(4)).collect(Collectors.joining("\n", "", "\n"));
    String inReadme = between(readme, "## Using the client", "```\n\n");

    assertThat(inReadme).contains("```java\n" + inTest);
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("marker %s", start).isNotNegative();
    from += start.length();
    int to = text.indexOf(end, from);
    assertThat(to).as("marker %s", end).isNotNegative();
    return text.substring(from, to);
  }
}
