package dev.atomsync.core.internal;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.WriteHandler;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Handlers for the JVM types transit-java does not cover the way AtomSync needs. */
final class BuiltinHandlers {
  /**
   * {@link Instant} keeps its own tag so that it comes back as an Instant with nanoseconds; Transit's
   * standard instant ({@code m}) stays {@link java.util.Date}, for JavaScript and ClojureScript.
   */
  static final String INSTANT_TAG = "time/instant";

  static final Map<Class, WriteHandler<?, ?>> WRITE =
      Map.of(Instant.class, new StringTagHandler<Instant>(INSTANT_TAG, Instant::toString));

  static final Map<String, ReadHandler<?, ?>> READ =
      Map.of(
          INSTANT_TAG, (ReadHandler<Instant, String>) Instant::parse,
          "r", (ReadHandler<URI, String>) URI::create);

  private BuiltinHandlers() {}
}
