package dev.atomsync.bench;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The limit for pulls: a bare Jetty handler on 127.0.0.1 (no servlet, store or access check)
 * that answers each request target with bytes recorded from the real server, with the same
 * content type and CORS header, on the same thread pool settings as {@code AtomSyncServer}.
 */
final class BareJetty implements AutoCloseable {
  private record Answer(String contentType, ByteBuffer body) {}

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Server jetty;
  private final ServerConnector connector;

  private BareJetty() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("bare-jetty");
    jetty = new Server(threads);
    connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String target = request.getHttpURI().getPathQuery();
        Answer answer = answers.get(target);
        if (answer == null) {
          Response.writeError(request, response, callback, 404, "nothing recorded for " + target);
          return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().remaining());
        response.write(true, answer.body().slice(), callback);
        return true;
      }
    });
    jetty.start();
  }

  /** Starts the server on a free port. */
  static BareJetty start() throws Exception {
    return new BareJetty();
  }

  /** Makes the server answer {@code pathQuery} with {@code body} of {@code contentType}. */
  void answer(String pathQuery, String contentType, byte[] body) {
    answers.put(pathQuery, new Answer(contentType, ByteBuffer.wrap(body.clone()).asReadOnlyBuffer()));
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
