package dev.atomsync.it.testing;

import dev.atomsync.server.AtomSyncServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a {@link SyncServer} or a server node, that a test can
 * {@link #cut()} to take one client offline while the server and the other clients carry on, and
 * {@link #restore()} to bring it back. Cutting resets every connection through the proxy,
 * live-event streams included, and resets each new one at once, as a lost network does; bytes
 * otherwise pass through unchanged.
 *
 * <p>{@link #oneByteAtATime()} makes it a hostile transport instead: every byte in either direction
 * goes in a write and a TCP segment of its own, so that readers see every message split at every
 * possible place.
 *
 * <p>The proxy keeps its port bound while cut: a port given up for a while can be taken as the
 * ephemeral port of some outgoing connection, and then not be bound again. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  private static final InetAddress LOOPBACK = Ports.LOOPBACK;

  private final int targetPort;
  private final ServerSocket listener;
  private final Set<Socket> sockets = new HashSet<>(); // guarded by this
  private boolean cut; // guarded by this
  private boolean closed; // guarded by this
  private volatile boolean oneByteAtATime;
  private volatile boolean loseResponses;
  private volatile boolean blackhole;
  private volatile long delayNanos;
  private final AtomicInteger accepted = new AtomicInteger();

  private FaultProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      listener = new ServerSocket(0, 50, LOOPBACK);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a proxy on 127.0.0.1", e);
    }
    Thread.ofPlatform().daemon().name("fault-proxy-" + port()).start(this::acceptLoop);
  }

  /** Starts a proxy to {@code server}'s port, passing traffic. */
  public static FaultProxy to(SyncServer server) {
    return new FaultProxy(server.port());
  }

  /** Starts a proxy to {@code node}'s port, passing traffic. */
  public static FaultProxy to(AtomSyncServer node) {
    return new FaultProxy(node.port());
  }

  /** Returns the port the proxy listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Returns the sync endpoint through this proxy. */
  public URI syncUri() {
    return URI.create("http://127.0.0.1:" + port() + "/sync");
  }

  /** Returns a wire client that talks to the server through this proxy. */
  public WireClient wire() {
    return WireClient.at(URI.create("http://127.0.0.1:" + port() + "/"));
  }

  /** Returns how many connections the proxy has accepted so far, cut or not. */
  public int accepted() {
    return accepted.get();
  }

  /** Passes bytes one at a time from now on, each flushed on its own; returns this proxy. */
  public FaultProxy oneByteAtATime() {
    oneByteAtATime = true;
    return this;
  }

  /**
   * Loses every response from now on, or no longer: requests still reach the server, which
   * processes and commits them, but the connection is reset as soon as its answer starts back, as
   * when a network fails right after the server committed (a lost acknowledgement).
   */
  public FaultProxy loseResponses(boolean lose) {
    loseResponses = lose;
    return this;
  }

  /**
   * Delays every chunk of bytes, in either direction, by {@code delay} from now on (zero: none), as
   * a slow link would.
   */
  public FaultProxy delay(Duration delay) {
    delayNanos = delay.toNanos();
    return this;
  }

  /**
   * Swallows every byte from now on without a word, or no longer: connections are accepted and
   * stay open, but nothing passes, as when a network drops packets without resetting anything.
   * Lifting it resets the connections that lost bytes (they could not be resumed), as their
   * timeouts would have.
   */
  public synchronized FaultProxy blackhole(boolean swallow) {
    boolean lifted = blackhole && !swallow;
    blackhole = swallow;
    if (lifted) {
      sockets.forEach(FaultProxy::reset);
      sockets.clear();
    }
    return this;
  }

  /** Resets every connection through the proxy, and every new one until {@link #restore()}. */
  public synchronized void cut() {
    cut = true;
    sockets.forEach(FaultProxy::reset);
    sockets.clear();
  }

  /** Passes connections again; does nothing when not cut. */
  public synchronized void restore() {
    cut = false;
  }

  /** Resets every connection and stops listening. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing is all we want.
    }
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException closedListener) {
        return;
      }
      accepted.incrementAndGet();
      if (register(client)) {
        Thread.ofPlatform().daemon().name("fault-proxy-" + port() + "-connect")
            .start(() -> connect(client));
      }
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(LOOPBACK, targetPort), 5_000);
    } catch (IOException serverDown) {
      reset(upstream);
      reset(client);
      forget(client);
      return;
    }
    if (register(upstream)) {
      try {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException ignored) {
        // Only makes one-byte writes leave at once; passing bytes works without it.
      }
      pump(client, upstream, false);
      pump(upstream, client, true);
    } else {
      reset(client);
    }
  }

  /** Keeps {@code socket} to reset on the next cut; resets it now when cut. */
  private synchronized boolean register(Socket socket) {
    if (cut || closed) {
      reset(socket);
      return false;
    }
    sockets.add(socket);
    return true;
  }

  private synchronized void forget(Socket socket) {
    sockets.remove(socket);
  }

  private void pump(Socket from, Socket to, boolean responses) {
    Thread.ofPlatform().daemon().name("fault-proxy-" + port() + "-pump").start(() -> {
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (responses && loseResponses) {
            reset(from);
            reset(to);
            return;
          }
          if (blackhole) {
            continue;
          }
          long delay = delayNanos;
          if (delay > 0) {
            Thread.sleep(Duration.ofNanos(delay));
          }
          if (oneByteAtATime) {
            for (int i = 0; i < n; i++) {
              out.write(buffer[i]);
              out.flush();
            }
          } else {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } catch (IOException ended) {
        // A side closed or the proxy was cut: end both sides below.
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      } finally {
        close(from);
        close(to);
        forget(from);
        forget(to);
      }
    });
  }

  /** Closes {@code socket} with a reset instead of an orderly close, as a broken network would. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // Not connected yet or already closed: a plain close does.
    }
    close(socket);
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all we want; a socket that is already gone is fine.
    }
  }
}
