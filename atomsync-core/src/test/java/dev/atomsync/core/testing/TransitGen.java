package dev.atomsync.core.testing;

import com.cognitect.transit.TaggedValue;
import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.testing.Fixtures.Blob;
import dev.atomsync.core.testing.Fixtures.Box;
import dev.atomsync.core.testing.Fixtures.Color;
import dev.atomsync.core.testing.Fixtures.Measure;
import dev.atomsync.core.testing.Fixtures.Point;
import dev.atomsync.core.testing.Fixtures.Shape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generates nested Transit values of every type the codec promises to keep, biased towards the
 * values that break codecs: numbers at the edges of JSON and long, NaN and negative zero, strings
 * Transit must escape, empty collections, nil everywhere, composite map keys.
 */
public final class TransitGen {
  private static final String SPECIAL_CHARS = "\n\t\"\\\u0000\u007f/~^`";
  private static final String[] PREFIXES = {
    "", "", "", "~", "^", "`", "~#", "^ ", "~:", "~~", "^0"
  };
  private static final long[] EDGE_LONGS = {
    0,
    1,
    -1,
    (1L << 53) - 1,
    1L << 53,
    (1L << 53) + 1,
    -(1L << 53) - 1,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Integer.MAX_VALUE + 1L
  };
  private static final double[] EDGE_DOUBLES = {
    0.0,
    -0.0,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
    1.0,
    0.1,
    -1e300
  };
  private static final String[] URIS = {
    "http://example.com/a/b?q=1&r=%20#frag",
    "urn:isbn:0451450523",
    "mailto:a@example.com",
    "relative/path",
    "https://[::1]:8443/",
    "file:///tmp/x%20y",
    "/"
  };

  private final RandomGenerator random;

  /** Returns a generator drawing from {@code random}. */
  public TransitGen(RandomGenerator random) {
    this.random = random;
  }

  /** Returns a value nested at most {@code depth} containers deep. */
  public Object value(int depth) {
    if (depth == 0 || random.nextInt(5) < 2) {
      return scalar();
    }
    int inner = depth - 1;
    return switch (random.nextInt(11)) {
      case 0 -> vector(inner);
      case 1 -> list(inner);
      case 2 -> set(inner);
      case 3, 4 -> map(inner);
      case 5 -> point();
      case 6 -> measure();
      case 7 -> new Shape(string(), vector(inner / 2), color(), map(inner / 2));
      case 8 -> new Box(point(), value(inner), instant());
      case 9 -> new Blob(bytes(), new Date(random.nextLong()));
      // transit-java's own tagged values cannot hash a nil value; decoded ones can.
      default ->
          TransitFactory.taggedValue(
              "x/unknown" + random.nextInt(3), Objects.requireNonNullElse(value(inner), "nil"));
    };
  }

  /** Returns a value of a registered record or enum type, possibly inside a container. */
  public Object registered(int depth) {
    return switch (random.nextInt(4)) {
      case 0 -> color();
      case 1 -> new Shape(string(), vector(depth), color(), map(depth));
      case 2 -> new Box(point(), value(depth), instant());
      default -> List.of(point(), measure(), Map.of(color(), point()));
    };
  }

  /** Returns a scalar: no container, but possibly a registered enum. */
  public Object scalar() {
    return switch (random.nextInt(18)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2, 3 -> string();
      case 4, 5 -> longValue();
      case 6 -> bigInteger();
      case 7 -> doubleValue();
      case 8 -> new BigDecimal(bigInteger(), random.nextInt(-20, 40));
      case 9 -> TransitFactory.keyword(name());
      case 10 -> TransitFactory.symbol(name());
      case 11 -> new UUID(random.nextLong(), random.nextLong());
      case 12 -> instant();
      case 13 -> new Date(random.nextInt(3) == 0 ? random.nextLong() : random.nextLong(1L << 42));
      case 14 -> URI.create(URIS[random.nextInt(URIS.length)]);
      case 15 -> bytes();
      case 16 -> color();
      default -> TransitFactory.keyword(name()); // map keys love keywords
    };
  }

  private List<Object> vector(int depth) {
    List<Object> items = new ArrayList<>();
    fill(items, depth);
    return switch (random.nextInt(3)) {
      case 0 -> items;
      case 1 -> Collections.unmodifiableList(items);
      default -> Arrays.asList(items.toArray());
    };
  }

  private List<Object> list(int depth) {
    LinkedList<Object> items = new LinkedList<>();
    fill(items, depth);
    // An unmodifiable view is a list that is neither RandomAccess nor a LinkedList.
    return random.nextBoolean() ? items : Collections.unmodifiableList(items);
  }

  private Set<Object> set(int depth) {
    Set<Object> items = random.nextBoolean() ? new HashSet<>() : new LinkedHashSet<>();
    fill(items, depth);
    return items;
  }

  private Map<Object, Object> map(int depth) {
    Map<Object, Object> map = new LinkedHashMap<>();
    int size = size();
    for (int i = 0; i < size; i++) {
      Object key = random.nextInt(3) == 0 && depth > 0 ? value(depth - 1) : scalar();
      map.put(key, value(depth));
    }
    return map;
  }

  private void fill(java.util.Collection<Object> items, int depth) {
    int size = size();
    for (int i = 0; i < size; i++) {
      items.add(value(depth));
    }
  }

  private int size() {
    return random.nextInt(4) == 0 ? 0 : random.nextInt(1, 5);
  }

  private String string() {
    StringBuilder text = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0 -> text.append((char) random.nextInt(0x20, 0x7f));
        case 1 -> text.append((char) random.nextInt(0xa0, 0x2000));
        case 2 -> text.append((char) random.nextInt(0x4e00, 0x9fff));
        case 3 -> text.appendCodePoint(random.nextInt(0x1f300, 0x1faff)); // a surrogate pair
        case 4 -> text.append(SPECIAL_CHARS.charAt(random.nextInt(SPECIAL_CHARS.length())));
        default -> text.append((char) random.nextInt('a', 'z' + 1));
      }
    }
    return text.toString();
  }

  private String name() {
    String name = Character.toString(random.nextInt('a', 'z' + 1)) + random.nextInt(1000);
    return random.nextBoolean() ? name : "ns." + random.nextInt(10) + "/" + name;
  }

  private long longValue() {
    return switch (random.nextInt(3)) {
      case 0 -> EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
      case 1 -> random.nextLong(-1000, 1000);
      default -> random.nextLong();
    };
  }

  private double doubleValue() {
    return switch (random.nextInt(3)) {
      case 0 -> EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)];
      case 1 -> random.nextDouble(-1e6, 1e6);
      default -> Double.longBitsToDouble(random.nextLong());
    };
  }

  private BigInteger bigInteger() {
    byte[] twosComplement = new byte[random.nextInt(1, 30)];
    random.nextBytes(twosComplement);
    return new BigInteger(twosComplement);
  }

  private Instant instant() {
    long seconds =
        random.nextInt(4) == 0
            ? random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond() + 1)
            : random.nextLong(-1L << 34, 1L << 34);
    return Instant.ofEpochSecond(
        seconds, random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
  }

  private byte[] bytes() {
    byte[] bytes = new byte[random.nextInt(12)];
    random.nextBytes(bytes);
    return bytes;
  }

  private Point point() {
    return new Point(random.nextInt(), random.nextInt(-5, 5));
  }

  private Measure measure() {
    return new Measure(
        (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1),
        doubleValue(),
        BigDecimal.valueOf(random.nextLong(), random.nextInt(-3, 10)),
        longValue());
  }

  private Color color() {
    return Color.values()[random.nextInt(Color.values().length)];
  }

  /**
   * Returns the values directly inside {@code value} that are Transit values on their own, for
   * shrinking a failure to the smallest part that still fails. Record components of types that
   * decode differently on their own ({@code int} as {@code Long}) are left out.
   */
  public static List<Object> parts(Object value) {
    List<Object> parts = new ArrayList<>();
    if (value instanceof java.util.Collection<?> items) {
      parts.addAll(items);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            parts.add(k);
            parts.add(v);
          });
    } else if (value instanceof TaggedValue<?> tagged) {
      parts.add(tagged.getRep());
    } else if (value instanceof Record record) {
      for (var component : record.getClass().getRecordComponents()) {
        try {
          component.getAccessor().setAccessible(true);
          Object part = component.getAccessor().invoke(record);
          if (!(part instanceof Integer || part instanceof Short)) {
            parts.add(part);
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return parts;
  }
}
