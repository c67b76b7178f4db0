package dev.atomsync.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Codec;
import dev.atomsync.core.Op;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.spi.InMemoryStore;
import dev.atomsync.server.spi.PageSink;
import dev.atomsync.server.spi.PurgeResult;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.spi.StoredChange;
import dev.atomsync.server.spi.StoredDoc;
import dev.atomsync.server.spi.StoredPage;
import dev.atomsync.server.spi.StoredPushResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JSON pulls of many changes go out while another thread still reads them; what a failure midway
 * looks like then. Pulls of few changes are read on the request thread.
 */
class PullStreamingTest {
  private static final int DOCS = 3_000;

  private final AtomicBoolean failMidway = new AtomicBoolean();
  private final AtomicReference<String> readBy = new AtomicReference<>();
  private AtomSyncServer server;
  private HttpClient http;

  @BeforeEach
  void start() {
    Store store = new FailingMidway(new InMemoryStore(InstantSource.system()), failMidway, readBy);
    List<StoredChange> changes = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      byte[] value = ("\"a value of about a hundred bytes for document " + i + ", so the page is"
          + " larger than any buffer\"").getBytes(UTF_8);
      changes.add(new StoredChange("todo:" + i, Op.PUT, value, 0, UUID.randomUUID()));
    }
    store.push("todo", "alice", changes);
    server = AtomSyncServer.start(store, ServerOptions.builder().host("127.0.0.1").port(0).build());
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  @Test
  void pull_ofLargePageArrivesWhole() throws Exception {
    HttpResponse<byte[]> response = pull();

    PullResponse page = PullResponse.fromTransit(Codec.standard().decode(response.body(), WireFormat.JSON));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(page.docs()).hasSize(DOCS);
    assertThat(page.docs().getLast().value()).asString().contains("document " + (DOCS - 1));
    assertThat(page.more()).isFalse();
    assertThat(page.cursor()).isEqualTo(DOCS);
  }

  @Test
  void pull_ofFewChangesIsReadOnTheRequestThreadAndArrivesWhole() throws Exception {
    HttpResponse<byte[]> response = pull("&since=" + (DOCS - 5));

    PullResponse page = PullResponse.fromTransit(Codec.standard().decode(response.body(), WireFormat.JSON));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(page.docs()).extracting(d -> d.id()).containsExactly(
        "todo:2995", "todo:2996", "todo:2997", "todo:2998", "todo:2999");
    assertThat(page.cursor()).isEqualTo(DOCS);
    assertThat(readBy.get()).startsWith("atomsync-http");
  }

  @Test
  void pull_ofManyChangesIsReadOnAPageReaderThread() throws Exception {
    pull();

    assertThat(readBy.get()).startsWith("atomsync-pull-");
  }

  @Test
  void pull_thatFailsAfterPartWasSentCutsTheConnectionInsteadOfEndingTheBody() {
    failMidway.set(true);

    assertThatThrownBy(this::pull).isInstanceOf(IOException.class);
  }

  private HttpResponse<byte[]> pull() throws IOException, InterruptedException {
    return pull("");
  }

  private HttpResponse<byte[]> pull(String more) throws IOException, InterruptedException {
    URI uri = URI.create(server.syncUri() + "?group=todo&limit=10000" + more);
    HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/transit+json").build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * A store whose streamed pulls fail after handing over most of the page, when told to, and
   * that notes the name of the thread that reads each page.
   */
  private record FailingMidway(Store store, AtomicBoolean fail, AtomicReference<String> readBy)
      implements Store {
    @Override
    public void pull(String group, long since, long clientHorizon, int limit, PageSink sink) {
      readBy.set(Thread.currentThread().getName());
      if (!fail.get()) {
        store.pull(group, since, clientHorizon, limit, sink);
        return;
      }
      List<StoredDoc> docs = store.pull(group, since, clientHorizon, limit).docs();
      for (StoredDoc doc : docs.subList(0, docs.size() - 10)) {
        sink.doc(doc);
      }
      throw new IllegalStateException("the disk went away");
    }

    @Override
    public StoredPage pull(String group, long since, long clientHorizon, int limit) {
      return store.pull(group, since, clientHorizon, limit);
    }

    @Override
    public StoredPushResult push(String group, String author, List<StoredChange> changes) {
      return store.push(group, author, changes);
    }

    @Override
    public PurgeResult purge(Instant olderThan) {
      return store.purge(olderThan);
    }

    @Override
    public long lastSeq() {
      return store.lastSeq();
    }

    @Override
    public void checkHealth() {
      store.checkHealth();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
