package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.Readiness;
import dev.atomsync.client.SyncException;
import dev.atomsync.client.SyncOptions;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.InProcessTransport;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.Users;
import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher pattern (issue 4): the server process holds a synced atom bound to its own store,
 * without HTTP; what it writes reaches HTTP clients like any push, and a read-only user can pull it
 * but not write it.
 */
class PublisherTest {
  @TempDir Path dir;
  private AtomSyncServer server;
  private AtomSync publisherDb;
  private AtomSync readerDb;

  @BeforeEach
  void start() {
    Users users = Users.parse("""
        {"users": {"reader": {"token": "r3ad", "groups": ["chat"], "read": ["news"]}}}""");
    server = AtomSyncServer.start(SqliteStore.open(dir.resolve("server.db"), InstantSource.system()),
        ServerOptions.builder().host("127.0.0.1").port(0).users(users).build());
    publisherDb = AtomSync.open(dir.resolve("publisher.db"));
    readerDb = AtomSync.open(dir.resolve("reader.db"));
  }

  @AfterEach
  void stop() {
    readerDb.close();
    publisherDb.close();
    server.close();
  }

  @Test
  void publishersWritesReachHttpClientsLive() {
    SyncedAtom news = publisherDb.atom("news",
        SyncOptions.transport(InProcessTransport.over(server.service(), "publisher")));
    assertThat(Await.result(news.ready())).isEqualTo(Readiness.SYNCED);
    SyncedAtom reader = readerDb.atom("news",
        SyncOptions.server(server.syncUri()).token("r3ad").pullInterval(java.time.Duration.ofMinutes(1)));
    Await.result(reader.ready());

    news.put("news:1", Map.of(kw("title"), "AtomSync 0.1", kw("tags"), java.util.Set.of(kw("release"))));

    Await.doc(reader, "news:1", Map.of(kw("title"), "AtomSync 0.1", kw("tags"), java.util.Set.of(kw("release"))));
    Await.nothingPending(news);
  }

  @Test
  void readOnlyUserCannotWriteThePublishersGroup() {
    SyncedAtom news = publisherDb.atom("news",
        SyncOptions.transport(InProcessTransport.over(server.service(), "publisher")));
    news.put("news:1", "from the publisher");
    Await.result(news.sync());
    SyncedAtom reader = readerDb.atom("news", SyncOptions.server(server.syncUri()).token("r3ad"));
    Await.doc(reader, "news:1", "from the publisher");

    reader.put("news:1", "vandalised");

    assertThatThrownBy(() -> reader.sync().get())
        .cause().isInstanceOf(SyncException.class)
        .satisfies(e -> assertThat(((SyncException) e).status()).isEqualTo(403));
    Await.result(news.sync());
    assertThat(news.get("news:1")).isEqualTo("from the publisher");
  }

  @Test
  void publisherSeesClientsWritesToo() {
    SyncedAtom chatOnServer = publisherDb.atom("chat",
        SyncOptions.transport(InProcessTransport.over(server.service(), "publisher")));
    SyncedAtom chat = readerDb.atom("chat", SyncOptions.server(server.syncUri()).token("r3ad"));
    Await.result(chatOnServer.ready());

    chat.put("chat:1", "hello server");

    Await.doc(chatOnServer, "chat:1", "hello server");
  }
}
