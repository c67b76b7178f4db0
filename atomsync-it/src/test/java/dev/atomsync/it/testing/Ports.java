package dev.atomsync.it.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that must come back on the port they had.
 *
 * <p>Port 0 hands out a port from the ephemeral range, the same range every outgoing connection
 * takes its local port from. While a server is stopped, its port can then be taken by one of those
 * connections, and the restart fails to bind, or a client retrying on loopback connects to itself.
 * A port below the ephemeral range is never handed out that way.
 */
final class Ports {
  static final InetAddress LOOPBACK = loopback();

  private static final int LOWEST = 10_000;

  private Ports() {}

  /** Returns a random port below the ephemeral range; it may be in use, so binding must retry. */
  static int belowEphemeralRange() {
    return ThreadLocalRandom.current().nextInt(LOWEST, ephemeralLow());
  }

  private static int ephemeralLow() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      if (Files.isReadable(range)) {
        int low = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
        if (low > LOWEST + 1000) {
          return low;
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // Fall back to the start of Linux's default ephemeral range.
    }
    return 32_768;
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
