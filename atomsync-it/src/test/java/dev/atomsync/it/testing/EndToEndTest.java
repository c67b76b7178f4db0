package dev.atomsync.it.testing;

import dev.atomsync.server.Users;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base for end-to-end tests: each test gets a fresh server on a file of its own, a factory for
 * clients beside it, and proxies it asks for; all are closed after the test, clients first.
 */
@Timeout(60)
public abstract class EndToEndTest {
  @TempDir protected Path dir;
  protected SyncServer server;
  protected Clients clients;
  private final List<FaultProxy> proxies = new ArrayList<>();

  /** Returns the users the server lets in; open mode unless a test says otherwise. */
  protected Users users() {
    return Users.open();
  }

  /** Returns a proxy to the server that this test can cut; closed after the test. */
  protected FaultProxy proxy() {
    FaultProxy proxy = FaultProxy.to(server);
    proxies.add(proxy);
    return proxy;
  }

  @BeforeEach
  final void startServer() {
    server = SyncServer.start(dir.resolve("server.db"), users());
    clients = new Clients(dir, server);
  }

  @AfterEach
  final void stopEverything() {
    try {
      clients.close();
    } finally {
      proxies.forEach(FaultProxy::close);
      server.close();
    }
  }
}
