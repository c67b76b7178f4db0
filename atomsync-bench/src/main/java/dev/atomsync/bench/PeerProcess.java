package dev.atomsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One child process of the peer benchmarks ({@code node script.js ...} or {@code npm install}):
 * keeps the tail of its stdout and stderr, waits for its ready line or its exit, and stops it
 * together with its descendants. Every wait is bounded; failures throw {@link
 * IllegalStateException} with the tail of stderr in the message.
 */
final class PeerProcess implements AutoCloseable {
  private static final int TAIL_LINES = 40;
  private static final String READY_PREFIX = "ready port=";
  /** Completes {@link #ready} when stdout ends without a ready line. */
  private static final int NO_PORT = -1;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Process process;
  private final Deque<String> stdoutTail = new ArrayDeque<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private PeerProcess(String name, Process process, Consumer<String> echo) {
    this.name = name;
    this.process = process;
    this.stdoutReader = Thread.ofPlatform().daemon().name(name + "-stdout")
        .start(() -> read(process.getInputStream(), stdoutTail, line -> {
          echo.accept(line);
          if (line.startsWith(READY_PREFIX)) {
            try {
              ready.complete(Integer.parseInt(line.substring(READY_PREFIX.length()).trim()));
            } catch (NumberFormatException e) {
              ready.completeExceptionally(new IllegalStateException("bad ready line: " + line));
            }
          }
        }, () -> ready.complete(NO_PORT)));
    this.stderrReader = Thread.ofPlatform().daemon().name(name + "-stderr")
        .start(() -> read(process.getErrorStream(), stderrTail, echo, () -> {}));
  }

  /** Starts {@code command} in {@code dir}; {@code echo} sees every output line as it comes. */
  static PeerProcess start(String name, Path dir, List<String> command, Consumer<String> echo) {
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
      process.getOutputStream().close(); // no input: a script that reads stdin sees its end
      return new PeerProcess(name, process, echo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
    }
  }

  /** Starts {@code node script args...} in {@code dir}, keeping its output to itself. */
  static PeerProcess node(Path dir, String script, Object... args) {
    List<String> command = Stream.concat(Stream.of("node", script),
        Stream.of(args).map(String::valueOf)).toList();
    return start(script, dir, command, line -> {});
  }

  /** Waits for the {@code ready port=N} line and returns N. */
  int awaitReadyPort(Duration timeout) {
    try {
      int port = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (port == NO_PORT) {
        // Stdout ended: the process is exiting; let stderr's reader catch up for the message.
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        stderrReader.join(STOP_GRACE);
        throw failure(process.isAlive() ? "closed its stdout before its ready line"
            : "exited with status " + process.exitValue() + " before its ready line");
      }
      return port;
    } catch (TimeoutException e) {
      throw failure("printed no ready line within " + timeout);
    } catch (ExecutionException e) {
      throw failure("printed a " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting for its ready line");
    }
  }

  /** Waits for a successful exit, then parses the last stdout line as one JSON object. */
  JsonNode awaitResult(Duration timeout) {
    String last = awaitResultLine(timeout);
    JsonNode result;
    try {
      result = JSON.readTree(last);
    } catch (IOException e) {
      throw failure("printed a last line that is not JSON: " + last);
    }
    if (!result.isObject()) {
      throw failure("printed a last line that is not a JSON object: " + last);
    }
    return result;
  }

  /** Waits for a successful exit and returns the last non-blank stdout line. */
  String awaitResultLine(Duration timeout) {
    awaitSuccess(timeout);
    synchronized (stdoutTail) {
      return stdoutTail.reversed().stream().filter(line -> !line.isBlank()).findFirst()
          .orElseThrow(() -> failure("exited without printing a result"));
    }
  }

  /** Waits for the process to exit with status 0. */
  void awaitSuccess(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw failure("did not finish within " + timeout);
      }
      // The readers may still hold the last lines; they end at end of stream, soon after exit.
      stdoutReader.join(STOP_GRACE);
      stderrReader.join(STOP_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting for it to finish");
    }
    if (process.exitValue() != 0) {
      throw failure("exited with status " + process.exitValue());
    }
  }

  /** Stops the process and every descendant: SIGTERM first, SIGKILL after a grace period. */
  @Override
  public void close() {
    List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
        .toList();
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        handle.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        tree.forEach(ProcessHandle::destroyForcibly);
        return;
      }
    }
  }

  private IllegalStateException failure(String what) {
    String tail;
    synchronized (stderrTail) {
      tail = String.join("\n  ", stderrTail);
    }
    return new IllegalStateException(name + " " + what
        + (tail.isEmpty() ? " (stderr empty)" : "; stderr ends with:\n  " + tail));
  }

  private static void read(InputStream in, Deque<String> tail, Consumer<String> each,
      Runnable atEnd) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        synchronized (tail) {
          if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
          }
          tail.addLast(line);
        }
        each.accept(line);
      }
    } catch (IOException e) {
      // The stream closes when the process is stopped; the tail keeps what came before.
    } finally {
      atEnd.run();
    }
  }
}
