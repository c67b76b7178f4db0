package dev.atomsync.server.internal;

import dev.atomsync.core.ErrorCode;
import dev.atomsync.core.ProtocolException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies up to a limit. */
public final class RequestBodies {
  /**
   * How much of a too-large body is read and dropped before the 413 goes out. A server that
   * answers and closes while the client is still sending resets the connection, and the client
   * then sees "connection reset" instead of the documented 413; reading a bounded rest first lets
   * the answer through. Larger bodies are cut off after this much.
   */
  static final long DRAIN_AT_MOST = 16L * 1024 * 1024;

  private RequestBodies() {}

  /**
   * Returns the whole body of {@code request}.
   *
   * @throws ProtocolException {@link ErrorCode#TOO_LARGE} when it is longer than {@code maxBytes},
   *     whether or not the request declared its length
   */
  public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
    long declared = request.getContentLengthLong();
    // A client that asked to be told first (Expect: 100-continue) has sent nothing yet: reading
    // would ask it for the body it need not send.
    boolean waitsForContinue = "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
    if (declared > maxBytes) {
      if (!waitsForContinue) {
        drain(request, DRAIN_AT_MOST + maxBytes);
      }
      throw tooLarge(maxBytes);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        skip(in, DRAIN_AT_MOST);
        throw tooLarge(maxBytes);
      }
      return body;
    }
  }

  private static void drain(HttpServletRequest request, long atMost) throws IOException {
    try (InputStream in = request.getInputStream()) {
      skip(in, atMost);
    }
  }

  private static void skip(InputStream in, long atMost) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = atMost;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static ProtocolException tooLarge(long maxBytes) {
    return new ProtocolException(
        ErrorCode.TOO_LARGE, "request body is larger than the limit of " + maxBytes + " bytes");
  }
}
