package dev.atomsync.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bare HTTP/1.1 client on one keep-alive socket, as a load tool would use: it writes the request
 * and reads the status, the length (or the chunks) and the body, and nothing else. The server-only
 * legs measure the server with it, so that the instrument costs little of the shared 2 cores
 * ({@code java.net.http} spends several buffer copies and thread hand-offs per response).
 */
final class LeanHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  LeanHttp(URI server) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    out = socket.getOutputStream();
    host = server.getHost() + ":" + server.getPort();
  }

  /** GETs {@code target} (path and query) and returns the body of a 200 answer. */
  byte[] get(String target, String accept) throws IOException {
    out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: " + accept
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readResponse(target);
  }

  /** POSTs {@code body} to {@code target} and returns the body of a 200 answer. */
  byte[] post(String target, String contentType, byte[] body) throws IOException {
    out.write(("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: "
        + contentType + "\r\nAccept: " + contentType + "\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return readResponse(target);
  }

  private byte[] readResponse(String target) throws IOException {
    String status = line();
    int length = -1;
    boolean chunked = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body = chunked ? chunks() : in.readNBytes(Math.max(length, 0));
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException(target + " answered " + status);
    }
    return body;
  }

  /** Reads a chunked body straight into one growing array: one copy of each byte, then one more. */
  private byte[] chunks() throws IOException {
    byte[] body = new byte[1 << 20];
    int size = 0;
    while (true) {
      String line = line();
      int semicolon = line.indexOf(';');
      int length = Integer.parseInt(semicolon < 0 ? line : line.substring(0, semicolon), 16);
      if (length == 0) {
        while (!line().isEmpty()) {
          // trailers, if any
        }
        return Arrays.copyOf(body, size);
      }
      if (body.length - size < length) {
        body = Arrays.copyOf(body, Math.max(body.length * 2, size + length));
      }
      if (in.readNBytes(body, size, length) < length) {
        throw new IOException("connection closed mid-chunk");
      }
      size += length;
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
