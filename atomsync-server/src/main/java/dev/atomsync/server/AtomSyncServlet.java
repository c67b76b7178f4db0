package dev.atomsync.server;

import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.ErrorCode;
import dev.atomsync.core.ErrorResponse;
import dev.atomsync.core.ProtocolException;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.internal.Cors;
import dev.atomsync.server.internal.EventStream;
import dev.atomsync.server.internal.PageHandoff;
import dev.atomsync.server.internal.QueryParams;
import dev.atomsync.server.internal.RequestBodies;
import dev.atomsync.server.internal.wire.PullStreamWriter;
import dev.atomsync.server.internal.wire.PushBodyReader;
import dev.atomsync.server.internal.wire.ResponseBodyWriter;
import dev.atomsync.server.internal.wire.WirePull;
import dev.atomsync.server.internal.wire.WirePush;
import dev.atomsync.server.internal.wire.WireResult;
import java.io.ByteArrayOutputStream;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP binding of PROTOCOL.md as a Jakarta Servlet: mount it at {@code /sync/*} (or any
 * prefix) in any Servlet 6 container with async support. It answers the prefix itself (pull,
 * push) and {@code <prefix>/events} (live changes).
 *
 * <p>Thread-safe; the container calls it on its request threads.
 */
public final class AtomSyncServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(AtomSyncServlet.class);

  /**
   * Pulls of at most this many changes are read on the request thread. A page that small is one
   * of {@link PageHandoff}'s batches, handed on only at the end, so reading it on another thread
   * overlaps nothing and costs two thread switches per pull.
   */
  private static final int INLINE_PULL_DOCS = 100;

  private final transient SyncService service;
  private final transient ServerOptions options;
  private final transient ServerMetrics metrics;
  private final transient Cors cors;
  private final transient Codec codec = Codec.standard();
  private final transient ExecutorService pageReaders =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("atomsync-pull-", 0).daemon(true).factory());

  /** Returns a servlet serving {@code service} with the access rules and limits of {@code options}. */
  public AtomSyncServlet(SyncService service, ServerOptions options, ServerMetrics metrics) {
    this.service = service;
    this.options = options;
    this.metrics = metrics;
    this.cors = new Cors(options.corsOrigins());
    metrics.watch(service.events(), () -> service.store().lastSeq());
  }

  /** Stops the threads that read pull pages; the container calls this once requests are done. */
  @Override
  public void destroy() {
    pageReaders.shutdown();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    WireFormat answerIn = WireFormat.ofAccept(request.getHeader("Accept"));
    try {
      String method = request.getMethod();
      if (method.equals("OPTIONS")) {
        cors.preflight(request, response);
        return;
      }
      cors.apply(request, response);
      String path = request.getPathInfo();
      if (path == null || path.isEmpty() || path.equals("/")) {
        switch (method) {
          case "GET" -> pull(request, response, answerIn);
          case "POST" -> push(request, response, answerIn);
          default -> throw notAllowed(method, "GET, POST, OPTIONS", response);
        }
      } else if (path.equals("/events")) {
        if (!method.equals("GET")) {
          throw notAllowed(method, "GET, OPTIONS", response);
        }
        events(request, response);
      } else {
        throw new ProtocolException(ErrorCode.NOT_FOUND, "no such resource: " + path);
      }
    } catch (ProtocolException e) {
      sendError(response, answerIn, e.code(), e.getMessage());
    } catch (CodecException e) {
      sendError(response, answerIn, ErrorCode.BAD_REQUEST, e.getMessage());
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      log.error("internal error on {} {}", request.getMethod(), request.getRequestURI(), e);
      sendError(response, answerIn, ErrorCode.INTERNAL, "internal server error");
    }
  }

  private void pull(HttpServletRequest request, HttpServletResponse response, WireFormat format)
      throws IOException {
    long start = System.nanoTime();
    QueryParams params = new QueryParams(request);
    String group = params.group();
    authorize(request, group, false);
    long since = params.nonNegative("since", 0);
    long horizon = params.nonNegative("horizon", 0);
    int limit = params.limit(SyncService.DEFAULT_LIMIT, SyncService.MAX_LIMIT);
    int docs;
    if (format == WireFormat.JSON && service.fewChangesAfter(since, INLINE_PULL_DOCS)) {
      int[] count = {0};
      sendBuffered(response, format, out -> count[0] =
          service.pullJson(group, since, horizon, limit, out));
      docs = count[0];
    } else if (format == WireFormat.JSON) {
      docs = streamPull(response, group, since, horizon, limit);
    } else {
      WirePull pulled = service.pullWire(group, since, horizon, limit);
      sendBuffered(response, format, out -> ResponseBodyWriter.writePull(pulled, format, out));
      docs = pulled.docs().size();
    }
    metrics.docsPulled.increment(docs);
    metrics.pullTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * Sends a pull page in Transit JSON while another thread reads it (see {@link PageHandoff} for
   * why), and returns its number of documents. A failure before the first chunk is sent is
   * answered as any other (a 500 for a store failure); one after it can no longer change the
   * status, so the connection is cut and the client sees an incomplete response, never a short
   * page that parses.
   */
  private int streamPull(
      HttpServletResponse response, String group, long since, long horizon, int limit)
      throws IOException {
    PageHandoff page = new PageHandoff();
    Future<?> read = pageReaders.submit(() -> {
      try {
        service.pull(group, since, horizon, limit, page);
      } catch (Throwable e) {
        if (!page.fail(e) && !page.abandoned()) {
          // The whole page was handed on, so the client got it; the read failed as it closed.
          log.warn("pull of group {} failed after its page was read", group, e);
        }
        throw e;
      }
    });
    response.setContentType(WireFormat.JSON.mediaType());
    try {
      return page.drainTo(new PullStreamWriter(response.getOutputStream()));
    } catch (InterruptedException e) {
      read.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending a pull of group " + group, e);
    } catch (RuntimeException e) {
      if (!response.isCommitted()) {
        response.resetBuffer();
        throw e;
      }
      log.error("pull of group {} failed after part of it was sent; closing the connection",
          group, e);
      throw new IOException("pull of group " + group + " failed midway", e);
    }
  }

  private void push(HttpServletRequest request, HttpServletResponse response, WireFormat format)
      throws IOException {
    long start = System.nanoTime();
    // The header as sent: getContentType() throws on a charset Java does not know (charset=").
    String contentType = request.getHeader("Content-Type");
    WireFormat bodyFormat = WireFormat.ofContentType(contentType);
    if (bodyFormat == null) {
      throw new ProtocolException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/transit+json or application/transit+msgpack, got "
              + contentType);
    }
    User user = authenticate(request);
    byte[] body = RequestBodies.read(request, options.maxBodyBytes());
    // Values stay Transit bytes: the server stores them and never needs them as objects.
    PushRequest push = PushRequest.fromTransit(PushBodyReader.read(body, bodyFormat));
    requireAccess(user, push.group(), true);
    String author = user == User.ANONYMOUS ? push.client() : user.name();
    WirePush pushed = service.pushWire(push, author);
    sendBuffered(response, format, out -> ResponseBodyWriter.writePush(pushed, format, out));
    for (WireResult result : pushed.results()) {
      (result instanceof WireResult.Ok ? metrics.changesApplied : metrics.changesConflicted)
          .increment();
    }
    metrics.pushTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private void events(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String group = new QueryParams(request).group();
    authorize(request, group, false);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    OutputStream out = response.getOutputStream();
    new EventStream(group, async, out, options.pingInterval()).start(service.events());
  }

  private User authorize(HttpServletRequest request, String group, boolean write) {
    User user = authenticate(request);
    requireAccess(user, group, write);
    return user;
  }

  private User authenticate(HttpServletRequest request) {
    if (options.users().isOpen()) {
      return User.ANONYMOUS;
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ProtocolException(ErrorCode.UNAUTHORIZED, "missing Authorization: Bearer token");
    }
    User user = options.users().authenticate(header.substring(7).trim());
    if (user == null) {
      throw new ProtocolException(ErrorCode.UNAUTHORIZED, "unknown token");
    }
    return user;
  }

  private static void requireAccess(User user, String group, boolean write) {
    boolean allowed = write ? user.mayWrite(group) : user.mayRead(group);
    if (!allowed) {
      throw new ProtocolException(
          ErrorCode.FORBIDDEN,
          "user " + user.name() + " may not " + (write ? "write to" : "read") + " group " + group);
    }
  }

  private static ProtocolException notAllowed(
      String method, String allowed, HttpServletResponse response) {
    response.setHeader("Allow", allowed);
    return new ProtocolException(ErrorCode.METHOD_NOT_ALLOWED, "method " + method + " not allowed");
  }

  private void send(HttpServletResponse response, WireFormat format, Object message)
      throws IOException {
    byte[] body = codec.encode(message, format);
    response.setContentType(format.mediaType());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Writes a body that {@code writer} produces, buffered so a failure midway is still a 500. */
  private static void sendBuffered(
      HttpServletResponse response, WireFormat format, BodyWriter writer) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
    writer.write(buffer);
    response.setContentType(format.mediaType());
    response.setContentLength(buffer.size());
    buffer.writeTo(response.getOutputStream());
  }

  @FunctionalInterface
  private interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  private void sendError(
      HttpServletResponse response, WireFormat format, ErrorCode code, @Nullable String message)
      throws IOException {
    metrics.error(code);
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(code.status());
    if (code == ErrorCode.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    send(response, format, new ErrorResponse(code, encodable(message == null ? code.name() : message)).toTransit());
  }

  /**
   * Returns {@code message} with each lone surrogate replaced by {@code ?}: messages quote what the
   * client sent, which may hold one (or be cut inside a pair), and Transit encodes only well-formed
   * text.
   */
  private static String encodable(String message) {
    return new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
