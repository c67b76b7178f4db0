package dev.atomsync.server.internal.wire;

import com.cognitect.transit.TransitFactory;
import dev.atomsync.core.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generates nested Transit values of every kind a document may hold, biased towards what breaks a
 * transcoder: strings Transit escapes, numbers at the edges of JSON and long, and keys, keywords,
 * symbols and tags drawn from small pools of long names, so that the cache refers to them across
 * values. Only values that decode to themselves are made ({@code Long}, not {@code Integer}).
 *
 * <p>A copy of the idea of atomsync-core's test generator, which this module cannot see.
 */
public final class ValueGen {
  /** A registered type, so that tests see a codec that knows a tag the server does not. */
  record Todo(String title, long priority, List<String> tags) {}

  static final String TODO_TAG = "test/todo";

  /** A codec that knows {@link Todo}; {@code Codec.standard()} reads it as a tagged value. */
  public static final Codec RECORDS = Codec.builder().record(Todo.class, TODO_TAG).build();

  private static final String[] PREFIXES = {
    "", "", "", "~", "^", "`", "~#", "^ ", "~:", "~~", "^0"
  };
  private static final long[] EDGE_LONGS = {
    0, 1, -1, (1L << 53) - 1, 1L << 53, -(1L << 53) - 1, Long.MAX_VALUE, Long.MIN_VALUE
  };
  private static final double[] EDGE_DOUBLES = {
    0.0,
    -0.0,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
    0.1,
    -1e300
  };

  private final RandomGenerator random;

  public ValueGen(RandomGenerator random) {
    this.random = random;
  }

  /** Returns a non-nil value nested at most {@code depth} containers deep. */
  public Object document(int depth) {
    Object value = value(depth);
    return value == null ? "was nil" : value;
  }

  Object value(int depth) {
    if (depth == 0 || random.nextInt(5) < 2) {
      return scalar();
    }
    int inner = depth - 1;
    return switch (random.nextInt(9)) {
      case 0 -> vector(inner);
      case 1 -> list(inner);
      case 2 -> set(inner);
      case 3, 4, 5 -> map(inner);
      case 6 -> todo();
      case 7 -> TransitFactory.taggedValue("x/unknown" + random.nextInt(3), document(inner));
      default -> TransitFactory.taggedValue("point", List.of(random.nextLong(), random.nextLong()));
    };
  }

  Object scalar() {
    return switch (random.nextInt(20)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2, 3, 4 -> string();
      case 5, 6 -> longValue();
      case 7 -> bigInteger();
      case 8 -> doubleValue();
      case 9 -> new BigDecimal(bigInteger(), random.nextInt(-20, 40));
      case 10, 11 -> TransitFactory.keyword(name());
      case 12 -> TransitFactory.symbol(name());
      case 13 -> new UUID(random.nextLong(), random.nextLong());
      case 14 ->
          Instant.ofEpochSecond(
              random.nextLong(-1L << 34, 1L << 34), random.nextInt(1_000_000_000));
      case 15 -> new Date(random.nextLong(-1L << 45, 1L << 45));
      case 16 -> URI.create("https://example.com/" + random.nextInt(100) + "?q=%20x#f");
      case 17 -> bytes();
      case 18 -> (char) random.nextInt(0x20, 0x3000);
      default -> TransitFactory.keyword(name());
    };
  }

  private List<Object> vector(int depth) {
    List<Object> items = new ArrayList<>();
    fill(items, depth);
    return items;
  }

  private List<Object> list(int depth) {
    List<Object> items = new LinkedList<>();
    fill(items, depth);
    return items;
  }

  private Object set(int depth) {
    LinkedHashSet<Object> items = new LinkedHashSet<>();
    for (int i = size(); i > 0; i--) {
      Object item = value(depth);
      if (!(item instanceof byte[])) { // byte arrays hash by identity
        items.add(item);
      }
    }
    return items;
  }

  private Map<Object, Object> map(int depth) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = size(); i > 0; i--) {
      map.put(key(depth), value(depth));
    }
    return map;
  }

  private Object key(int depth) {
    return switch (random.nextInt(8)) {
      case 0, 1, 2 -> TransitFactory.keyword(name());
      case 3 -> "string-key-" + random.nextInt(30);
      case 4 -> string();
      case 5 -> depth > 0 ? vector(depth - 1) : longValue();
      case 6 -> depth > 0 ? map(depth - 1) : null;
      default -> {
        Object scalar = scalar();
        yield scalar instanceof byte[] ? "bytes" : scalar;
      }
    };
  }

  private void fill(List<Object> items, int depth) {
    for (int i = size(); i > 0; i--) {
      items.add(value(depth));
    }
  }

  private int size() {
    return random.nextInt(5) == 0 ? 0 : random.nextInt(1, 6);
  }

  private Todo todo() {
    List<String> tags = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      tags.add(string());
    }
    return new Todo(string(), longValue(), tags);
  }

  public String string() {
    StringBuilder text = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
    for (int i = random.nextInt(10); i > 0; i--) {
      switch (random.nextInt(7)) {
        case 0 -> text.append((char) random.nextInt(0x20, 0x7f));
        case 1 -> text.append((char) random.nextInt(0xa0, 0x2000));
        case 2 -> text.append((char) random.nextInt(0x4e00, 0x9fff));
        case 3 -> text.appendCodePoint(random.nextInt(0x1f300, 0x1faff));
        case 4 -> text.append("\n\t\"\\\u0000\u007f/~^`\u2028".charAt(random.nextInt(11)));
        case 5 -> text.append("long-repeated-text");
        default -> text.append((char) random.nextInt('a', 'z' + 1));
      }
    }
    return text.toString();
  }

  /** Returns a name from a small pool, long enough to be cached. */
  private String name() {
    String name = "name-" + random.nextInt(40);
    return random.nextInt(4) == 0 ? "ns" + random.nextInt(3) + "/" + name : name;
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

  private byte[] bytes() {
    byte[] bytes = new byte[random.nextInt(12)];
    random.nextBytes(bytes);
    return bytes;
  }
}
