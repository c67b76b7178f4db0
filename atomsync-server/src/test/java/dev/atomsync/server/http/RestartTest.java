package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import dev.atomsync.server.testing.TransitHttp.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart on the same file keeps every acknowledged write and carries on counting. */
class RestartTest {
  @TempDir Path dir;

  @Test
  void restart_keepsEveryAcknowledgedWriteWithItsVersionAndSeq() {
    try (TestServer server = TestServer.start(dir.resolve("sync.db"))) {
      TransitHttp http = server.http();
      Map<String, Map<?, ?>> acknowledged = new LinkedHashMap<>();
      for (int batch = 0; batch < 5; batch++) {
        List<Map<Object, Object>> changes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          changes.add(put("todo:" + batch + "-" + i, Map.of(kw("n"), (long) i), 0));
        }
        record(acknowledged, http.push("todo", changes));
      }
      record(acknowledged, http.push("todo", put("todo:0-0", "edited", 1), delete("todo:0-1", 1)));
      record(acknowledged, http.push("notes", put("notes:1", "other group", 0)));
      long lastSeq = server.server().service().store().lastSeq();

      server.restart();
      TransitHttp after = server.http();

      Map<String, Map<?, ?>> pulled = new LinkedHashMap<>(after.pullAll("todo"));
      pulled.putAll(after.pullAll("notes"));
      assertThat(pulled).hasSameSizeAs(acknowledged);
      acknowledged.forEach(
          (id, result) -> {
            Map<?, ?> doc = pulled.get(id);
            assertThat(doc).as(id).isNotNull();
            assertThat(field(doc, "version")).as(id).isEqualTo(field(result, "version"));
            assertThat(field(doc, "seq")).as(id).isEqualTo(field(result, "seq"));
          });
      assertThat(field(pulled.get("todo:0-0"), "value")).isEqualTo("edited");
      assertThat(field(pulled.get("todo:0-1"), "deleted")).isEqualTo(true);
      long next = longField(after.pushOne("todo", put("todo:new", "x", 0)), "seq");
      assertThat(next).isGreaterThan(lastSeq);
    }
  }

  @Test
  void restart_keepsChangeIdsSoRetriesStillRepeat() {
    try (TestServer server = TestServer.start(dir.resolve("sync.db"))) {
      UUID change = UUID.randomUUID();
      Map<?, ?> first = server.http().pushOne("todo", put("todo:1", "x", 0, change));

      server.restart();

      Map<?, ?> retry = server.http().pushOne("todo", put("todo:1", "x", 0, change));
      assertThat(retry).isEqualTo(first);
      assertThat(server.server().service().store().lastSeq()).isEqualTo(field(first, "seq"));
    }
  }

  @Test
  void restart_keepsTheSamePort() {
    try (TestServer server = TestServer.start(dir.resolve("sync.db"))) {
      int port = server.port();

      server.restart();

      assertThat(server.port()).isEqualTo(port);
      assertThat(server.http().pull("todo").status()).isEqualTo(200);
    }
  }

  private static void record(Map<String, Map<?, ?>> acknowledged, Reply reply) {
    assertThat(reply.status()).isEqualTo(200);
    for (Object result : (List<?>) reply.get("results")) {
      assertThat(field(result, "status")).isEqualTo(kw("ok"));
      acknowledged.put((String) field(result, "id"), (Map<?, ?>) result);
    }
  }
}
