package dev.atomsync.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code atomsync} command line: {@code server}, {@code purge}, {@code backup}. */
@Command(
    name = "atomsync",
    mixinStandardHelpOptions = true,
    version = "atomsync 0.1.0",
    description = "Offline-first synced atoms: the AtomSync server and its maintenance tools.",
    subcommands = {ServerCommand.class, PurgeCommand.class, BackupCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    // A wrong file or option is the user's mistake, not a crash: say what is wrong, no trace.
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
            throw e;
          }
          commandLine.getErr().println("atomsync: " + e.getMessage());
          return 2;
        });
    int exit = cli.execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
