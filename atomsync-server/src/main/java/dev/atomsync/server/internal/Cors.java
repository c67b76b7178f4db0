package dev.atomsync.server.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/** Sets CORS headers for the configured origins ({@code *} allows any). */
public final class Cors {
  private final boolean anyOrigin;
  private final List<String> origins;

  public Cors(List<String> origins) {
    this.anyOrigin = origins.contains("*");
    this.origins = List.copyOf(origins);
  }

  /** Sets the allow-origin header when the request's origin is allowed. */
  public void apply(HttpServletRequest request, HttpServletResponse response) {
    String origin = request.getHeader("Origin");
    if (anyOrigin) {
      response.setHeader("Access-Control-Allow-Origin", "*");
    } else if (origin != null && origins.contains(origin)) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.addHeader("Vary", "Origin");
    }
  }

  /** Answers a preflight: 204 with the methods and headers clients may use. */
  public void preflight(HttpServletRequest request, HttpServletResponse response) {
    apply(request, response);
    response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
    response.setHeader("Access-Control-Max-Age", "600");
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }
}
