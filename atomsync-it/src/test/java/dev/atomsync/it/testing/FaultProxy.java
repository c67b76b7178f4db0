package dev.atomsync.it.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on 127.0.0.1 in front of a {@link SyncServer}, that a test can {@link #cut()} to take
 * one client offline while the server and the other clients carry on, and {@link #restore()} to
 * bring it back on the same port. Cutting ends every connection through the proxy, live-event
 * streams included, and refuses new ones, as a lost network does.
 *
 * <p>Bytes pass through unchanged. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {
  private static final InetAddress LOOPBACK = loopback();

  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = new HashSet<>();
  private @Nullable ServerSocket listener;
  private int generation;

  private FaultProxy(int targetPort) {
    this.targetPort = targetPort;
    ServerSocket first = bind(0);
    this.port = first.getLocalPort();
    listen(first);
  }

  /** Starts a proxy to {@code server}'s port, passing traffic. */
  public static FaultProxy to(SyncServer server) {
    return new FaultProxy(server.port());
  }

  /** Returns the sync endpoint through this proxy. */
  public URI syncUri() {
    return URI.create("http://127.0.0.1:" + port + "/sync");
  }

  /** Returns a wire client that talks to the server through this proxy. */
  public WireClient wire() {
    return WireClient.at(URI.create("http://127.0.0.1:" + port + "/"));
  }

  /** Ends every connection through the proxy and refuses new ones until {@link #restore()}. */
  public synchronized void cut() {
    generation++;
    if (listener != null) {
      closeQuietly(listener);
      listener = null;
    }
    sockets.forEach(FaultProxy::closeQuietly);
    sockets.clear();
  }

  /** Accepts and passes connections again, on the same port; does nothing when not cut. */
  public synchronized void restore() {
    if (listener == null) {
      listen(bind(port));
    }
  }

  @Override
  public void close() {
    cut();
  }

  private synchronized void listen(ServerSocket socket) {
    listener = socket;
    int accepting = generation;
    Thread.ofPlatform().daemon().name("fault-proxy-" + port).start(() -> {
      while (true) {
        Socket client;
        try {
          client = socket.accept();
        } catch (IOException closed) {
          return;
        }
        if (register(client, accepting)) {
          Thread.ofPlatform().daemon().name("fault-proxy-" + port + "-connect")
              .start(() -> connect(client, accepting));
        }
      }
    });
  }

  private void connect(Socket client, int accepted) {
    Socket upstream = new Socket();
    try {
      upstream.connect(new InetSocketAddress(LOOPBACK, targetPort), 5_000);
    } catch (IOException serverDown) {
      closeQuietly(upstream);
      closeQuietly(client);
      return;
    }
    if (register(upstream, accepted)) {
      pump(client, upstream);
      pump(upstream, client);
    } else {
      closeQuietly(client);
    }
  }

  /** Keeps {@code socket} to close on the next cut; closes it now when a cut came since. */
  private synchronized boolean register(Socket socket, int accepted) {
    if (accepted != generation) {
      closeQuietly(socket);
      return false;
    }
    sockets.add(socket);
    return true;
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform().daemon().name("fault-proxy-" + port + "-pump").start(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ended) {
        // A side closed or the proxy was cut: end both sides below.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        forget(from, to);
      }
    });
  }

  private synchronized void forget(Socket a, Socket b) {
    sockets.remove(a);
    sockets.remove(b);
  }

  private static ServerSocket bind(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind proxy to 127.0.0.1:" + port, e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing is all we want; a socket that is already gone is fine.
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
