package dev.atomsync.server.internal;

import dev.atomsync.core.Ids;
import dev.atomsync.core.ProtocolException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** Reads and checks the query parameters of a pull or an events request. */
public final class QueryParams {
  private final HttpServletRequest request;

  public QueryParams(HttpServletRequest request) {
    this.request = request;
  }

  /** Returns the {@code group} parameter, which must be a valid group name. */
  public String group() {
    String group = parameter("group");
    if (group == null) {
      throw ProtocolException.badRequest("missing query parameter group");
    }
    if (!Ids.isValidGroup(group)) {
      throw ProtocolException.badRequest(
          "group must be 1 to 128 characters of [A-Za-z0-9._-]: \"" + cut(group) + "\"");
    }
    return group;
  }

  /** Returns a non-negative integer parameter, or {@code absent} when it is not given. */
  public long nonNegative(String name, long absent) {
    String text = parameter(name);
    if (text == null) {
      return absent;
    }
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProtocolException.badRequest(
        "query parameter " + name + " must be a non-negative integer: \"" + cut(text) + "\"");
  }

  /** Returns the {@code limit} parameter: 1 or more, capped at {@code max}. */
  public int limit(int absent, int max) {
    long limit = nonNegative("limit", absent);
    if (limit < 1) {
      throw ProtocolException.badRequest("query parameter limit must be at least 1: " + limit);
    }
    return (int) Math.min(limit, max);
  }

  private @Nullable String parameter(String name) {
    try {
      return request.getParameter(name);
    } catch (RuntimeException e) {
      // Containers parse the query lazily and throw their own exception types (Jetty: a
      // BadMessageException) for broken escapes such as %zz or bad UTF-8: the client's mistake.
      throw ProtocolException.badRequest(
          "malformed query string: a percent-escape is broken or not UTF-8");
    }
  }

  private static String cut(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "..." : value;
  }
}
