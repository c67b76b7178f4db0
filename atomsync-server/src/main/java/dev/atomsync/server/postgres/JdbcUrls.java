package dev.atomsync.server.postgres;

import java.util.regex.Pattern;

/** Makes JDBC URLs safe to log and show. */
final class JdbcUrls {
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&]*");

  private JdbcUrls() {}

  /** Returns {@code url} with the value of any password parameter replaced by {@code ***}. */
  static String redact(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }
}
