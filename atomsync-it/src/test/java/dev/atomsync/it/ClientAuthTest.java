package dev.atomsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.client.SyncException;
import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.EndToEndTest;
import dev.atomsync.server.Users;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A client against a server with users: the token opens its groups, and refusals show. */
class ClientAuthTest extends EndToEndTest {

  @Override
  protected Users users() {
    return Users.parse("""
        {"users": {"alice": {"token": "abc123", "groups": ["todo"]},
                   "bob": {"token": "b0b", "groups": ["todo"], "read": ["news"]}}}""");
  }

  @Test
  void tokenOpensTheGroup() {
    SyncedAtom alice = clients.open("alice", "todo", clients.options().token("abc123"));
    SyncedAtom bob = clients.open("bob", "todo", clients.options().token("b0b"));

    alice.put("todo:1", "from alice");

    Await.doc(bob, "todo:1", "from alice");
    Await.nothingPending(alice);
  }

  @Test
  void unknownToken_isAnErrorAndKeepsTheChangePending() throws Exception {
    SyncedAtom atom = clients.open("mallory", "todo", clients.options().token("wrong"));
    atom.put("todo:1", "never pushed");

    assertThatThrownBy(() -> atom.sync().get())
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SyncException.class)
        .satisfies(e -> assertThat(((SyncException) e).status()).isEqualTo(401));
    Await.status(atom, SyncStatus.ERROR);
    assertThat(atom.pendingCount()).isEqualTo(1);
    assertThat(server.wire("abc123").values("todo")).isEmpty();
  }

  @Test
  void readOnlyGroup_pullsButRefusesPushes() throws Exception {
    SyncedAtom news = clients.open("bob", "news", clients.options().token("b0b"));
    Await.result(news.ready());

    news.put("news:1", "bob may not write this");

    assertThatThrownBy(() -> news.sync().get())
        .cause().isInstanceOf(SyncException.class)
        .satisfies(e -> assertThat(((SyncException) e).status()).isEqualTo(403));
    assertThat(news.pendingCount()).isEqualTo(1);
  }
}
