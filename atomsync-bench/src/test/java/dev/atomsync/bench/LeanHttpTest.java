package dev.atomsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.WireFormat;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's bare HTTP client reads what java.net.http reads, from a real server. */
class LeanHttpTest {
  @TempDir Path dir;

  @Test
  void aChunkedPullOfMoreThanItsFirstBuffer_readsTheSameBytesAsJavaNetHttp() throws Exception {
    String json = WireFormat.JSON.mediaType();
    try (AtomSyncServer server =
        AtomSyncServer.start(
            SqliteStore.open(dir.resolve("s.db"), InstantSource.system()),
            ServerOptions.builder().host("127.0.0.1").port(0).build())) {
      URI sync = server.syncUri();
      Random random = new Random(3);
      List<Map<Object, Object>> values = new ArrayList<>();
      for (int i = 0; i < 6_000; i++) {
        values.add(SampleDocs.todo(i, random));
      }
      String target = sync.getRawPath() + "?group=bench&since=0&limit=10000";
      byte[] lean;
      try (LeanHttp socket = new LeanHttp(sync)) {
        for (byte[] body : new SyncThroughput(sync, WireFormat.JSON).encodePushes("bench", values, 1_000)) {
          socket.post(sync.getRawPath(), json, body);
        }
        lean = socket.get(target, json);
      }

      HttpResponse<byte[]> reference =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(sync.resolve(target)).header("Accept", json).build(),
                  HttpResponse.BodyHandlers.ofByteArray());

      assertThat(reference.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
      assertThat(lean.length).isGreaterThan(1 << 20);
      assertThat(lean).isEqualTo(reference.body());
    }
  }
}
