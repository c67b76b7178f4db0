package dev.atomsync.server.internal;

import dev.atomsync.server.spi.Store;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health}: 200 {@code {"status":"ok"}} while the store answers, 503 otherwise. */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(HealthServlet.class);
  private final transient Store store;

  public HealthServlet(Store store) {
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    try {
      store.checkHealth();
      response.getWriter().write("{\"status\":\"ok\"}");
    } catch (RuntimeException e) {
      log.warn("health check failed: {}", e.toString());
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      response.getWriter().write("{\"status\":\"unavailable\"}");
    }
  }
}
