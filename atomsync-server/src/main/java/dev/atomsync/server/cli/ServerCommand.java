package dev.atomsync.server.cli;

import dev.atomsync.server.AtomSyncServer;
import dev.atomsync.server.ServerOptions;
import dev.atomsync.server.Users;
import dev.atomsync.server.postgres.PostgresStore;
import dev.atomsync.server.postgres.PostgresStoreException;
import dev.atomsync.server.spi.Store;
import dev.atomsync.server.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code atomsync server [port] [db-file]}, or {@code atomsync server --postgres JDBC-URL}: runs the
 * sync server until SIGTERM or SIGINT.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the sync server on an SQLite file, or as one node of several on a PostgreSQL database."
    })
final class ServerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

  @Parameters(index = "0", arity = "0..1", paramLabel = "PORT", description = "Port (default 8090).")
  Integer portArg;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DB-FILE",
      description = "SQLite file (default atomsync.db).")
  Path dbArg;

  @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8090).")
  Integer port;

  @Option(names = "--db", paramLabel = "FILE", description = "SQLite file (default atomsync.db).")
  Path db;

  @Option(names = "--postgres", paramLabel = "JDBC-URL",
      description = "PostgreSQL database instead of an SQLite file, e.g."
          + " jdbc:postgresql://127.0.0.1:5432/atomsync?user=atomsync&password=...;"
          + " any number of servers may share it.")
  String postgres;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "Address to bind (default: every interface).")
  String host;

  @Option(names = "--users", paramLabel = "FILE",
      description = "Users file (JSON). Without it the server runs in open development mode.")
  Path users;

  @Option(names = "--cors-origin", paramLabel = "URL",
      description = "Origin allowed by CORS; repeat for several (default: any).")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--max-body", paramLabel = "BYTES",
      description = "Largest request body accepted (default 16 MiB).")
  long maxBody = ServerOptions.DEFAULT_MAX_BODY_BYTES;

  @Override
  public Integer call() throws InterruptedException {
    if (port != null && portArg != null || db != null && dbArg != null) {
      throw new IllegalArgumentException("give the port and the file either by position or by option, not both");
    }
    if (postgres != null && (db != null || dbArg != null)) {
      throw new IllegalArgumentException(
          "give either an SQLite file or --postgres, not both");
    }
    int chosenPort = port != null ? port : portArg != null ? portArg : 8090;
    Path chosenDb = db != null ? db : dbArg != null ? dbArg : Path.of("atomsync.db");
    ServerOptions options =
        ServerOptions.builder()
            .host(host)
            .port(chosenPort)
            .users(users == null ? Users.open() : Users.load(users))
            .corsOrigins(corsOrigins.isEmpty() ? List.of("*") : corsOrigins)
            .maxBodyBytes(maxBody)
            .build();
    Store store;
    String database;
    if (postgres != null) {
      PostgresStore shared;
      try {
        shared = PostgresStore.open(postgres, InstantSource.system());
      } catch (PostgresStoreException e) {
        // The database being away is a fact to report, not a crash.
        throw new IllegalStateException(e.getMessage(), e);
      }
      store = shared;
      database = shared.database();
    } else {
      store = SqliteStore.open(chosenDb, InstantSource.system());
      database = chosenDb.toAbsolutePath().toString();
    }
    AtomSyncServer server = AtomSyncServer.start(store, options);
    log.info("AtomSync server listening on port {} with database {}", server.port(), database);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: finishing requests in flight");
                  server.close();
                  stopped.countDown();
                },
                "atomsync-shutdown"));
    stopped.await();
    return 0;
  }
}
