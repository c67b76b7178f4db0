package dev.atomsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many live-events clients ({@code GET /sync/events?group=G}, HTTP/1.1) on plain non-blocking
 * sockets, all served by one selector thread, so that 10,000 of them cost the harness a few
 * megabytes and one thread. Each client notes {@link System#nanoTime()} when it first reads
 * {@code event: change} after {@link #arm()}.
 *
 * <p>Connections are opened at most {@value #CONNECTS_IN_FLIGHT} at a time, so the server's
 * accept queue never overflows (a dropped SYN costs a second's retry and would skew nothing
 * but the set-up time, yet is slow). The selector thread owns every socket; other threads only
 * call the public methods, which hand over through latches and volatile fields.
 */
final class SseClients implements AutoCloseable {
  private static final int CONNECTS_IN_FLIGHT = 128;
  private static final byte[] PATTERN = "event: change".getBytes(StandardCharsets.US_ASCII);
  private static final int[] FALLBACK = fallback(PATTERN);
  private static final byte[] OK = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress server;
  private final byte[] request;
  private final int count;
  private final Selector selector;
  private final Thread loop;
  private final long[] seenAt;
  private final int[] seenGeneration;
  private final CountDownLatch connected;
  private volatile int generation;
  private volatile CountDownLatch allSeen = new CountDownLatch(0);
  private volatile int remaining;
  private volatile String failure;
  private volatile boolean closing;

  /** One client: its socket, how far it matched the pattern, and whether its stream started. */
  private static final class Client {
    final int index;
    final SocketChannel channel;
    int matched;
    int statusRead;
    boolean started;

    Client(int index, SocketChannel channel) {
      this.index = index;
      this.channel = channel;
    }
  }

  private SseClients(InetSocketAddress server, String group, int count) throws IOException {
    this.server = server;
    this.request = ("GET /sync/events?group=" + group + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + server.getPort() + "\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    this.count = count;
    this.selector = Selector.open();
    this.seenAt = new long[count];
    this.seenGeneration = new int[count];
    this.connected = new CountDownLatch(count);
    this.loop = Thread.ofPlatform().name("sse-clients").daemon(true).unstarted(this::run);
  }

  /** Starts opening {@code count} streams of {@code group} to 127.0.0.1:{@code port}. */
  static SseClients open(int port, String group, int count) throws IOException {
    SseClients clients = new SseClients(new InetSocketAddress("127.0.0.1", port), group, count);
    clients.loop.start();
    return clients;
  }

  /**
   * Waits until every stream answered 200 and started.
   *
   * @throws IllegalStateException when one failed or they did not all start within the timeout
   */
  void awaitConnected(long timeout, TimeUnit unit) throws InterruptedException {
    boolean all = connected.await(timeout, unit);
    checkFailure();
    if (!all) {
      throw new IllegalStateException(
          connected.getCount() + " of " + count + " streams did not start in " + timeout + " " + unit);
    }
  }

  /** Starts waiting for the next change on every stream; call it just before the write. */
  void arm() {
    remaining = count;
    allSeen = new CountDownLatch(1);
    generation++;
  }

  /**
   * Waits until every stream saw a change since {@link #arm()}, and returns when each saw it.
   *
   * @throws IllegalStateException when some did not within the timeout, or a stream failed
   */
  long[] awaitAllSeen(long timeout, TimeUnit unit) throws InterruptedException {
    boolean all = allSeen.await(timeout, unit);
    checkFailure();
    if (!all) {
      throw new IllegalStateException(
          remaining + " of " + count + " streams saw no change in " + timeout + " " + unit);
    }
    return seenAt.clone();
  }

  private void checkFailure() {
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    int opened = 0;
    int pending = 0;
    try {
      while (!closing) {
        while (opened < count && pending < CONNECTS_IN_FLIGHT) {
          openOne(opened++);
          pending++;
        }
        selector.select(10);
        for (SelectionKey key : selector.selectedKeys()) {
          Client client = (Client) key.attachment();
          if (key.isValid() && key.isConnectable()) {
            client.channel.finishConnect();
            client.channel.write(ByteBuffer.wrap(request));
            key.interestOps(SelectionKey.OP_READ);
          } else if (key.isValid() && key.isReadable()) {
            buffer.clear();
            int n = client.channel.read(buffer);
            if (n < 0) {
              fail("stream " + client.index + " closed by the server");
              key.cancel();
              continue;
            }
            boolean wasStarted = client.started;
            read(client, buffer.flip());
            if (!wasStarted && client.started) {
              pending--;
              connected.countDown();
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      fail("live-events clients failed: " + e);
    }
  }

  private void openOne(int index) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    Client client = new Client(index, channel);
    if (channel.connect(server)) {
      channel.write(ByteBuffer.wrap(request));
      channel.register(selector, SelectionKey.OP_READ, client);
    } else {
      channel.register(selector, SelectionKey.OP_CONNECT, client);
    }
  }

  /** Checks the status line once, then looks for the pattern in every byte that follows. */
  private void read(Client client, ByteBuffer bytes) {
    int gen = generation;
    while (bytes.hasRemaining()) {
      byte b = bytes.get();
      if (client.statusRead < OK.length) {
        if (b != OK[client.statusRead++]) {
          fail("stream " + client.index + " did not answer " + new String(OK));
          return;
        }
        // Headers are sent on the server's first flush, after it subscribed the stream.
        client.started = client.statusRead == OK.length;
        continue;
      }
      while (client.matched > 0 && b != PATTERN[client.matched]) {
        client.matched = FALLBACK[client.matched - 1];
      }
      if (b == PATTERN[client.matched]) {
        client.matched++;
      }
      if (client.matched == PATTERN.length) {
        client.matched = FALLBACK[client.matched - 1];
        seen(client.index, gen);
      }
    }
  }

  private void seen(int index, int gen) {
    if (seenGeneration[index] == gen) {
      return;
    }
    seenGeneration[index] = gen;
    seenAt[index] = System.nanoTime();
    int left = remaining - 1;
    remaining = left;
    if (left == 0) {
      allSeen.countDown();
    }
  }

  private void fail(String message) {
    if (failure == null) {
      failure = message;
    }
    // Wake whoever waits, so a failure is reported at once rather than at the timeout.
    while (connected.getCount() > 0) {
      connected.countDown();
    }
    allSeen.countDown();
  }

  /** KMP fallback table: for each matched length, the longest proper border of the prefix. */
  private static int[] fallback(byte[] pattern) {
    int[] table = new int[pattern.length];
    for (int i = 1, k = 0; i < pattern.length; i++) {
      while (k > 0 && pattern[i] != pattern[k]) {
        k = table[k - 1];
      }
      if (pattern[i] == pattern[k]) {
        k++;
      }
      table[i] = k;
    }
    return table;
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    selector.wakeup();
    loop.join(TimeUnit.SECONDS.toMillis(30));
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
