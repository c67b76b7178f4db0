package dev.atomsync.server.testing;

import dev.atomsync.core.Codec;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Sends hand-written HTTP/1.1 requests over a socket, for requests that {@code java.net.http}
 * refuses to send (malformed percent escapes, odd headers).
 */
public final class RawHttp {
  private RawHttp() {}

  /** A response: status, the header block, and the body. */
  public record Response(int status, String headers, byte[] body) {
    /** Returns the value of header {@code name}, or null. */
    public @Nullable String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** Returns the body decoded as Transit by the Content-Type, or null when it is not Transit. */
    public @Nullable Object transit() {
      WireFormat format = WireFormat.ofContentType(header("Content-Type"));
      return format == null || body.length == 0 ? null : Codec.standard().decode(body, format);
    }
  }

  /**
   * Sends {@code method target} with {@code headers} (each {@code "Name: value"}) to the server at
   * {@code root} and reads the response to the end ({@code Connection: close}).
   */
  public static Response send(URI root, String method, String target, String... headers) {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(root.getHost()).append(':').append(root.getPort()).append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(root.getHost(), root.getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends {@code method target} with {@code headers} and {@code body} (with its Content-Length) in
   * one write to the server at {@code root}, and reads the response to the end ({@code Connection:
   * close}).
   */
  public static Response send(
      URI root, String method, String target, byte[] body, String... headers) {
    return exchange(root, method, target, body, -1, headers);
  }

  /**
   * Sends {@code method target} with {@code headers} and {@code body} (with its Content-Length) to
   * the server at {@code root}, the body one byte at a time with {@code pauseMillis} between bytes,
   * and reads the response to the end ({@code Connection: close}).
   */
  public static Response sendSlowly(
      URI root, String method, String target, byte[] body, long pauseMillis, String... headers) {
    return exchange(root, method, target, body, pauseMillis, headers);
  }

  private static Response exchange(
      URI root, String method, String target, byte[] body, long pauseMillis, String... headers) {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(root.getHost()).append(':').append(root.getPort()).append("\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    request.append("Content-Length: ").append(body.length).append("\r\n");
    request.append("Connection: close\r\n\r\n");
    byte[] head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
    try (Socket socket = new Socket(root.getHost(), root.getPort())) {
      socket.setSoTimeout(15_000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      if (pauseMillis < 0) {
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        out.write(all);
        out.flush();
      } else {
        out.write(head);
        out.flush();
        for (byte b : body) {
          out.write(b);
          out.flush();
          Thread.sleep(pauseMillis);
        }
      }
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Response parse(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete response: " + all);
    }
    String head = all.substring(0, end);
    int status = Integer.parseInt(head.split(" ", 3)[1]);
    byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
    String headers = head.substring(head.indexOf("\r\n") + 2);
    if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, at);
      String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeText.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("malformed chunked body");
  }
}
