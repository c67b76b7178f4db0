package dev.atomsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server CLI ({@code atomsync server}) in a JVM of its own on 127.0.0.1, on a fresh SQLite
 * file, started from this JVM's classpath with the given heap flags, so that its heap limit is
 * proven and its resident memory is its own. {@link #close()} stops it and deletes its directory.
 */
final class ServerJvm implements AutoCloseable {
  private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private final Process process;
  private final Path dir;
  private final int port;

  private ServerJvm(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server with {@code jvmFlags} (for example {@code -Xmx1g}) and waits until it listens. */
  static ServerJvm start(List<String> jvmFlags) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("atomsync-serverjvm");
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Datomsync.log.level=WARN",
        "-cp", System.getProperty("java.class.path"),
        "dev.atomsync.server.cli.Main", "server", "--host", "127.0.0.1",
        "--port", String.valueOf(port), "--db", dir.resolve("server.db").toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    ServerJvm server = new ServerJvm(process, dir, port);
    try {
      server.awaitListening();
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
    return server;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** Returns the bytes of heap in use just after a full collection, as {@code jcmd} reports them. */
  long heapAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("no heap figure in jcmd GC.heap_info of " + pid());
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  /** Returns the process's resident set size from {@code /proc/PID/status}. */
  long rss() throws IOException {
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid()), "status")));
    if (!rss.find()) {
      throw new IllegalStateException("no VmRSS in /proc/" + pid() + "/status");
    }
    return Long.parseLong(rss.group(1)) * 1024;
  }

  /** Returns whether the process still runs (it died if, say, its heap ran out). */
  boolean alive() {
    return process.isAlive();
  }

  /** Returns the last lines of the server's log, to explain a failure. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private String jcmd(String what) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), what)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("jcmd " + pid() + " " + what + " failed: " + out);
    }
    return out;
  }

  private void awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + ":\n"
            + logTail());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("server did not listen on " + port + " in 60 s:\n" + logTail());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    // SIGTERM first, so a flight recording the server was started with gets written.
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
