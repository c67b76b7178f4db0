package dev.atomsync.server.internal;

import dev.atomsync.core.Codec;
import dev.atomsync.core.ErrorCode;
import dev.atomsync.core.ErrorResponse;
import dev.atomsync.core.WireFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before any servlet runs (a URI it refuses as ambiguous or not
 * UTF-8, a request it cannot parse) with the Transit body of PROTOCOL.md, {@code {:error :keyword
 * :message "..."}}, in the format the request accepts, instead of Jetty's HTML or empty body.
 *
 * <p>The status stays Jetty's; a status with no row in the error table is named {@code
 * :bad-request} below 500 and {@code :internal} from 500 on. Thread-safe.
 */
public final class TransitErrorHandler extends ErrorHandler {
  private final Codec codec = Codec.standard();

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
    ErrorCode code = codeFor(status);
    // Jetty's reasons for refusing a request ("Ambiguous URI path separator") name no internals;
    // for a failure (5xx) the message may name an exception, so it is not passed on.
    String message =
        status < 500 && request.getAttribute(ERROR_MESSAGE) instanceof String text && !text.isBlank()
            ? new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
            : status < 500 ? "request refused by the HTTP layer" : "internal server error";
    WireFormat format = WireFormat.ofAccept(request.getHeaders().get(HttpHeader.ACCEPT));
    byte[] body = codec.encode(new ErrorResponse(code, message).toTransit(), format);
    generateCacheControl(response);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.mediaType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  private static ErrorCode codeFor(int status) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.status() == status) {
        return code;
      }
    }
    return status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
  }
}
