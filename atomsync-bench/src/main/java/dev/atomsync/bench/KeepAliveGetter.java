package dev.atomsync.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection that sends the same GET again and again on a blocking
 * socket and reads only what it must of each answer: the status line, {@code Content-Length} (or
 * chunked framing), and the body. A fraction of what {@code java.net.http} costs per request, so
 * that on two shared cores the server, not the load generator, sets the pace. Not thread-safe.
 */
final class KeepAliveGetter implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request;
  private final byte[] buffer = new byte[64 * 1024];
  private int start;
  private int end;
  private byte[] lastBody = new byte[0];

  KeepAliveGetter(int port, String target, String accept) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    String acceptHeader = accept == null ? "" : "Accept: " + accept + "\r\n";
    request = ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + acceptHeader
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends the request once and reads the whole answer; returns the body's length.
   *
   * @throws IOException when the answer is not a 200 with a body, or the connection fails
   */
  int get(boolean keepBody) throws IOException {
    out.write(request);
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.1 200 ")) {
      throw new IOException("answered " + status);
    }
    long length = -1;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(header.substring(15).trim());
      } else if (header.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
        chunked = header.toLowerCase().contains("chunked");
      }
    }
    int body = 0;
    if (chunked) {
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        body += skip(size, keepBody, body);
        line();
      }
      line();
    } else if (length >= 0) {
      body = skip((int) length, keepBody, 0);
    } else {
      throw new IOException("answer has neither Content-Length nor chunked framing");
    }
    if (body == 0) {
      throw new IOException("answer has no body");
    }
    if (keepBody) {
      lastBody = Arrays.copyOf(lastBody, body);
    }
    return body;
  }

  /** Returns the body of the last {@code get(true)}. */
  byte[] lastBody() {
    return lastBody.clone();
  }

  private int skip(int count, boolean keep, int at) throws IOException {
    if (keep && lastBody.length < at + count) {
      lastBody = Arrays.copyOf(lastBody, at + count);
    }
    int left = count;
    while (left > 0) {
      fill();
      int n = Math.min(left, end - start);
      if (keep) {
        System.arraycopy(buffer, start, lastBody, at + count - left, n);
      }
      start += n;
      left -= n;
    }
    return count;
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      fill();
      byte b = buffer[start++];
      if (b == '\n') {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
      }
      line.append((char) b);
    }
  }

  private void fill() throws IOException {
    if (start < end) {
      return;
    }
    start = 0;
    end = in.read(buffer);
    if (end < 0) {
      end = 0;
      throw new EOFException("server closed the connection");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
