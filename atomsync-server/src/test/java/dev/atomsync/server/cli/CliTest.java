package dev.atomsync.server.cli;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.Op;
import dev.atomsync.server.SyncService;
import dev.atomsync.server.postgres.PostgresStore;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.sqlite.SqliteStore;
import dev.atomsync.server.testing.CliProcess;
import dev.atomsync.server.testing.TestPostgres;
import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code atomsync} command line as a real process: start, SIGTERM, purge, bad input. */
class CliTest {
  @TempDir Path dir;

  @Test
  void server_stopsGracefullyOnSigtermKeepingEveryAcknowledgedWrite() throws Exception {
    int port = CliProcess.freePort();
    Path db = dir.resolve("cli.db");
    Map<String, Map<?, ?>> acknowledged = new ConcurrentHashMap<>();
    try (CliProcess cli =
            CliProcess.start(dir, "server", "--host", "127.0.0.1", "--port", "" + port, "--db", db.toString());
        TransitHttp http = new TransitHttp(URI.create("http://127.0.0.1:" + port + "/"))) {
      cli.awaitHealthy(port);
      for (int batch = 0; batch < 5; batch++) {
        acknowledge(acknowledged, http.push("todo", batch(batch)));
      }
      // Keeps pushing while the server shuts down; whatever it was told is :ok must survive.
      AtomicInteger pushes = new AtomicInteger();
      Thread pusher =
          new Thread(
              () -> {
                for (int batch = 5; batch < 100_000; batch++) {
                  try {
                    Reply reply = http.push("todo", batch(batch));
                    if (reply.status() != 200) {
                      return;
                    }
                    acknowledge(acknowledged, reply);
                    pushes.incrementAndGet();
                  } catch (UncheckedIOException serverGone) {
                    return;
                  }
                }
              });
      pusher.start();
      await().atMost(CliProcess.PATIENCE).until(() -> pushes.get() >= 3);

      cli.terminate();

      assertThat(cli.awaitExit()).isIn(0, 143);
      pusher.join();
      assertThat(cli.stderr()).contains("server stopped");
    }
    Map<String, Doc> stored = readAll(db, "todo");
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(5 * 20 + 3 * 20);
    acknowledged.forEach(
        (id, result) -> {
          Doc doc = stored.get(id);
          assertThat(doc).as(id).isNotNull();
          assertThat(doc.version()).as(id).isEqualTo(field(result, "version"));
          assertThat(doc.seq()).as(id).isEqualTo(field(result, "seq"));
        });
  }

  @Test
  void server_takesPortAndFileByPosition() throws Exception {
    int port = CliProcess.freePort();
    Path db = dir.resolve("positional.db");
    try (CliProcess cli = CliProcess.start(dir, "server", "--host", "127.0.0.1", "" + port, db.toString());
        TransitHttp http = new TransitHttp(URI.create("http://127.0.0.1:" + port + "/"))) {
      cli.awaitHealthy(port);

      Map<?, ?> result = http.pushOne("todo", put("todo:1", "by position", 0));
      http.close();

      assertThat(field(result, "status")).isEqualTo(kw("ok"));
      cli.terminate();
      cli.awaitExit();
    }
    assertThat(readAll(db, "todo").get("todo:1").value()).isEqualTo("by position");
  }

  @Test
  void server_withBrokenUsersFileExitsWithAClearMessage() throws Exception {
    Path users = dir.resolve("users.json");
    Files.writeString(users, "{\"users\": {\"alice\": {\"groups\": [\"todo\"]}}}");
    Path db = dir.resolve("never.db");

    try (CliProcess cli =
        CliProcess.run(
            dir, "server", "--host", "127.0.0.1", "--port", "" + CliProcess.freePort(), "--db", db.toString(),
            "--users", users.toString())) {
      assertThat(cli.exitCode()).isNotZero();
      assertThat(cli.stderr())
          .contains("users file " + users)
          .contains("alice")
          .contains("\"token\"")
          .doesNotContain("\tat ")
          .doesNotContain("Exception");
    }
    assertThat(db).doesNotExist();
  }

  @Test
  void purge_printsASummary() {
    Path db = dir.resolve("purge.db");
    try (TestServer server = TestServer.start(db)) {
      server.http().pushOne("todo", put("todo:1", "x", 0));
      server.http().pushOne("todo", delete("todo:1", 1));
      server.http().pushOne("todo", put("todo:2", "kept", 0));
    }

    try (CliProcess keep = CliProcess.run(dir, "purge", "--db", db.toString(), "--older-than", "30d");
        CliProcess purge = CliProcess.run(dir, "purge", "--db", db.toString(), "--older-than", "0s")) {
      assertThat(keep.exitCode()).isZero();
      assertThat(keep.stdout()).contains("purged 0 tombstones");
      assertThat(purge.exitCode()).isZero();
      assertThat(purge.stdout()).contains("purged 1 tombstones").contains("todo");
    }
    assertThat(readAll(db, "todo")).containsOnlyKeys("todo:2");
  }

  @Test
  void purge_withoutDbPurgesAtomsyncDbOfTheWorkingDirectory() {
    try (TestServer server = TestServer.start(dir.resolve("atomsync.db"))) {
      server.http().pushOne("todo", put("todo:1", "x", 0));
    }

    try (CliProcess purge = CliProcess.run(dir, "purge", "--older-than", "30d")) {
      assertThat(purge.exitCode()).as(purge.stderr()).isZero();
      assertThat(purge.stdout()).contains("purged 0 tombstones");
    }
  }

  @Test
  void purge_onPostgresWhileTheStoreIsOpen() {
    String url = TestPostgres.newDatabase();
    byte[] value = "\"x\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (PostgresStore node = PostgresStore.open(url, InstantSource.system())) {
      node.push("todo", "test", List.of(
          new StoredChange("todo:1", Op.PUT, value, 0, UUID.randomUUID()),
          new StoredChange("todo:2", Op.PUT, value, 0, UUID.randomUUID())));
      node.push("todo", "test",
          List.of(new StoredChange("todo:1", Op.DELETE, null, 1, UUID.randomUUID())));

      try (CliProcess purge =
          CliProcess.run(dir, "purge", "--postgres", url, "--older-than", "0s")) {
        assertThat(purge.exitCode()).as(purge.stderr()).isZero();
        assertThat(purge.stdout()).contains("purged 1 tombstones").contains("todo");
      }
      assertThat(node.pull("todo", 0, 0, 100).docs())
          .extracting(doc -> doc.id()).containsExactly("todo:2");
    }
  }

  @Test
  void purge_withBadDurationExitsWithAClearMessage() {
    try (CliProcess cli = CliProcess.run(dir, "purge", "--db", "x.db", "--older-than", "a while")) {
      assertThat(cli.exitCode()).isNotZero();
      assertThat(cli.stderr())
          .contains("duration must look like 30d")
          .doesNotContain("\tat ")
          .doesNotContain("Exception");
    }
  }

  private static List<Map<Object, Object>> batch(int batch) {
    List<Map<Object, Object>> changes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      changes.add(put("todo:" + batch + "-" + i, (long) i, 0));
    }
    return changes;
  }

  private static void acknowledge(Map<String, Map<?, ?>> acknowledged, Reply reply) {
    assertThat(reply.status()).isEqualTo(200);
    for (Object result : (List<?>) reply.get("results")) {
      if (field(result, "status").equals(kw("ok"))) {
        acknowledged.put((String) field(result, "id"), (Map<?, ?>) result);
      }
    }
  }

  private static Map<String, Doc> readAll(Path db, String group) {
    Map<String, Doc> docs = new HashMap<>();
    try (SqliteStore store = SqliteStore.open(db, InstantSource.system())) {
      SyncService service = new SyncService(store);
      long since = 0;
      PullResponse page;
      do {
        page = service.pull(group, since, 0, SyncService.MAX_LIMIT);
        page.docs().forEach(d -> docs.put(d.id(), d));
        since = page.cursor();
      } while (page.more());
    }
    return docs;
  }
}
