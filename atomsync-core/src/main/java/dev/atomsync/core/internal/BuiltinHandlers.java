package dev.atomsync.core.internal;

import com.cognitect.transit.Keyword;
import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.Symbol;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/** Handlers for the JVM types transit-java does not cover the way AtomSync needs. */
final class BuiltinHandlers {
  /**
   * {@link Instant} keeps its own tag so that it comes back as an Instant with nanoseconds;
   * Transit's standard instant ({@code m}) stays {@link java.util.Date}, for JavaScript and
   * ClojureScript.
   */
  static final String INSTANT_TAG = "time/instant";

  @SuppressWarnings("rawtypes") // transit-java's API keys handlers by raw Class
  static final Map<Class, WriteHandler<?, ?>> WRITE =
      Map.of(
          String.class, new StringTagHandler<String>("s", Limits::requireWellFormed),
          Keyword.class,
              new StringTagHandler<Keyword>(
                  ":", k -> Limits.requireWellFormed(k.toString().substring(1))),
          Symbol.class,
              new StringTagHandler<Symbol>("$", s -> Limits.requireWellFormed(s.toString())),
          BigInteger.class,
              new StringTagHandler<BigInteger>(
                  "n", n -> Limits.requireNumberLength(n.toString(), "big integer")),
          BigDecimal.class,
              new StringTagHandler<BigDecimal>(
                  "f", n -> Limits.requireNumberLength(n.toString(), "big decimal")),
          Instant.class, new StringTagHandler<Instant>(INSTANT_TAG, Instant::toString),
          List.class, new ListWriteHandler(),
          // transit-java looks up Object's missing superclass, finds its handler for null, and
          // would write a plain Object as nil.
          Object.class, UnsupportedTypeHandler.INSTANCE);

  static final Map<String, ReadHandler<?, ?>> READ =
      Map.of(
          ":",
          keywordReader(),
          INSTANT_TAG,
          rep -> Instant.parse(text(rep, INSTANT_TAG)),
          "m",
          BuiltinHandlers::date,
          "r",
          BuiltinHandlers::uri,
          "n",
          rep -> new BigInteger(Limits.requireNumberLength(text(rep, "n"), "big integer")),
          "f",
          rep -> new BigDecimal(Limits.requireNumberLength(text(rep, "f"), "big decimal")),
          // Plain read handlers, not ArrayReadHandlers: the elements then go through
          // Builders.ARRAY, which checks them, and no size from the input is preallocated.
          "set",
          rep -> new LinkedHashSet<>(array(rep, "set")),
          "list",
          rep -> new LinkedList<>(array(rep, "list")),
          "cmap",
          BuiltinHandlers::cmap);

  private BuiltinHandlers() {}

  /** Keywords with longer reps are made each time, so the memo holds at most a few MiB. */
  private static final int MAX_KEPT_KEYWORD_LENGTH = 64;

  /**
   * Reads {@code ~:} as transit-java does ({@code TransitFactory.keyword}, which drops a leading
   * colon of the rep), each distinct short rep made once.
   */
  private static ReadHandler<Keyword, Object> keywordReader() {
    Memo<String, Keyword> keywords = new Memo<>(TransitFactory::keyword);
    return rep ->
        rep instanceof String text && text.length() <= MAX_KEPT_KEYWORD_LENGTH
            ? keywords.get(text)
            : TransitFactory.keyword(rep);
  }

  /** Reads Transit's instant: milliseconds since the epoch, as a number or a string. */
  private static Date date(Object rep) {
    if (rep instanceof Long millis) {
      return new Date(millis);
    }
    return new Date(Long.parseLong(text(rep, "m")));
  }

  /**
   * Reads a URI as {@link URI}; a string {@code java.net.URI} rejects (other Transit writers are
   * less strict) stays a tagged value, so that it is passed on unchanged instead of failing.
   */
  private static Object uri(Object rep) {
    String text = text(rep, "r");
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      return new Tagged("r", text);
    }
  }

  private static Map<Object, Object> cmap(Object rep) {
    List<?> items = array(rep, "cmap");
    if (items.size() % 2 != 0) {
      throw new IllegalArgumentException(
          "tag cmap needs keys and values in pairs, got " + items.size() + " items");
    }
    Map<Object, Object> map = LinkedHashMap.newLinkedHashMap(items.size() / 2);
    for (int i = 0; i < items.size(); i += 2) {
      map.put(items.get(i), items.get(i + 1));
    }
    return map;
  }

  private static String text(Object rep, String tag) {
    if (rep instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException("tag " + tag + " needs a string, got " + typeName(rep));
  }

  private static List<?> array(Object rep, String tag) {
    if (rep instanceof List<?> list) {
      return list;
    }
    throw new IllegalArgumentException("tag " + tag + " needs an array, got " + typeName(rep));
  }

  static String typeName(Object value) {
    return value == null ? "nil" : value.getClass().getName();
  }
}
