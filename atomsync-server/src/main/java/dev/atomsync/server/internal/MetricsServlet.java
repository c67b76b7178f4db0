package dev.atomsync.server.internal;

import dev.atomsync.server.ServerMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /metrics}: every meter in Prometheus text format. */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient ServerMetrics metrics;

  public MetricsServlet(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String text = metrics.scrape();
    if (text == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND, "metrics are not kept in Prometheus");
      return;
    }
    response.setContentType("text/plain; version=0.0.4; charset=utf-8");
    response.getWriter().write(text);
  }
}
