package dev.atomsync.it.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a JVM with this test classpath that runs one of the test mains, for crash tests. */
public final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code main} with {@code args}; its stderr goes to this JVM's, its stdout to a pipe. */
  public static Process start(Class<?> main, String... args) throws IOException {
    List<String> command = javaCommand();
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Returns a new list with this JVM's java, its flags and test classpath; add a main class. */
  static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }

  /** Returns a reader of the child's stdout. */
  public static BufferedReader stdout(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
  }
}
