package dev.atomsync.server.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base for tests that each want a fresh open-mode server on an SQLite file of their own, and a
 * Transit client for it.
 */
public abstract class OpenServerTest {
  @TempDir protected Path dir;
  protected TestServer server;
  protected TransitHttp http;

  @BeforeEach
  void startServer() {
    server = TestServer.start(dir.resolve("sync.db"));
    http = server.http();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }
}
