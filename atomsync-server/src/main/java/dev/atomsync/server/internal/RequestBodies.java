package dev.atomsync.server.internal;

import dev.atomsync.core.ErrorCode;
import dev.atomsync.core.ProtocolException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies up to a limit. */
public final class RequestBodies {
  private RequestBodies() {}

  /**
   * Returns the whole body of {@code request}.
   *
   * @throws ProtocolException {@link ErrorCode#TOO_LARGE} when it is longer than {@code maxBytes},
   *     whether or not the request declared its length
   */
  public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body;
    }
  }

  private static ProtocolException tooLarge(long maxBytes) {
    return new ProtocolException(
        ErrorCode.TOO_LARGE, "request body is larger than the limit of " + maxBytes + " bytes");
  }
}
