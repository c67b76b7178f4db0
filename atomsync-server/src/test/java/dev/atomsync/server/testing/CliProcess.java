package dev.atomsync.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code dev.atomsync.server.cli.Main} in a JVM of its own, on this JVM's java and test
 * class path, with its output in files under a directory.
 */
public final class CliProcess implements AutoCloseable {
  /** How long a test waits for a process to start or end before it fails. */
  public static final Duration PATIENCE = Duration.ofSeconds(60);

  private static final AtomicInteger COUNT = new AtomicInteger();

  private final Process process;
  private final Path out;
  private final Path err;

  private CliProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code atomsync args...} with {@code dir} as working directory. */
  public static CliProcess start(Path dir, String... args) {
    int n = COUNT.incrementAndGet();
    Path out = dir.resolve("cli-" + n + ".out");
    Path err = dir.resolve("cli-" + n + ".err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.atomsync.server.cli.Main");
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      return new CliProcess(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code atomsync args...} to its end and returns the ended process. */
  public static CliProcess run(Path dir, String... args) {
    CliProcess cli = start(dir, args);
    cli.awaitExit();
    return cli;
  }

  /** Returns a port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code http://127.0.0.1:port/health} answers 200, failing if the process dies. */
  public void awaitHealthy(int port) {
    URI health = URI.create("http://127.0.0.1:" + port + "/");
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    try (TransitHttp http = new TransitHttp(health)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError("server exited with " + process.exitValue() + ": " + stderr());
        }
        try {
          if (http.get("/health").status() == 200) {
            return;
          }
        } catch (UncheckedIOException notYet) {
          // not listening yet
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("server did not become healthy within " + PATIENCE + ": " + stderr());
  }

  /** Sends SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to end and returns its exit code. */
  public int awaitExit() {
    try {
      if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("process did not end within " + PATIENCE + ": " + stderr());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Returns the exit code of the ended process. */
  public int exitCode() {
    return process.exitValue();
  }

  /** Returns what the process wrote to standard output so far. */
  public String stdout() {
    return read(out);
  }

  /** Returns what the process wrote to standard error so far. */
  public String stderr() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
