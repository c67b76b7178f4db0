package dev.atomsync.core.testing;

import dev.atomsync.core.Transit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates nested values of the kinds documents hold most (text, integers, keywords, symbols,
 * UUIDs, dates, lists, sets and maps), with text Transit must escape now and then: for readers
 * that take a fast way through common bodies and must match the general way exactly.
 */
public record PlainValues(SplittableRandom random) {
  private static final String[] PREFIXES = {"", "", "", "~", "^", "`", "~#", "^ ", "~:", "^0"};

  /** Returns a value nested at most {@code depth} collections deep; nil now and then. */
  public Object value(int depth) {
    if (depth == 0 || random.nextInt(3) == 0) {
      return scalar();
    }
    return switch (random.nextInt(4)) {
      case 0 -> fill(new ArrayList<>(), depth - 1);
      case 1 -> fill(new LinkedList<>(), depth - 1);
      case 2 -> fill(new LinkedHashSet<>(), depth - 1);
      default -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          map.put(key(), value(depth - 1));
        }
        yield map;
      }
    };
  }

  /** Returns text of up to 12 characters, sometimes starting with a Transit mark. */
  public String text() {
    StringBuilder text = new StringBuilder(PREFIXES[random.nextInt(PREFIXES.length)]);
    for (int i = random.nextInt(12); i > 0; i--) {
      int kind = random.nextInt(150);
      text.append(
          kind == 0 ? '"' : kind == 1 ? '\\' : kind == 2 ? '\u00e9' : (char) random.nextInt(0x20, 0x7f));
    }
    return text.toString();
  }

  private <C extends Collection<Object>> C fill(C items, int depth) {
    for (int i = random.nextInt(5); i > 0; i--) {
      items.add(value(depth));
    }
    return items;
  }

  private Object key() {
    return switch (random.nextInt(5)) {
      case 0 -> text();
      case 1 -> random.nextLong(-5, 5);
      default -> Transit.kw("k" + random.nextInt(20));
    };
  }

  private Object scalar() {
    return switch (random.nextInt(14)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2, 3 -> text();
      case 4 -> random.nextLong(-1_000, 1_000);
      case 5 -> random.nextInt(4) == 0 ? random.nextLong() : random.nextLong(1L << 53);
      case 6 -> Transit.kw("name-" + random.nextInt(30));
      case 7 -> Transit.sym("sym-" + random.nextInt(5));
      case 8 -> new UUID(random.nextLong(), random.nextLong());
      case 9 -> new Date(random.nextLong(-1L << 45, 1L << 45));
      case 10 -> random.nextInt(20) == 0 ? (Object) 0.5 : (Object) (1L << random.nextInt(64));
      default -> "plain text " + random.nextInt(100);
    };
  }
}
