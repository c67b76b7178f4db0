package dev.atomsync.server.internal.wire;

import java.util.random.RandomGenerator;

/**
 * Generates Transit JSON documents from the pieces that make readers disagree: tags in every
 * position, map markers, cache references valid and not, escapes, every one-character tag with good
 * and bad text, verbose maps and quotes, often inside a push envelope so that the value reader sees
 * them. Most documents are not valid Transit; the point is that a reader decides each one the way
 * {@code Codec.standard()} does.
 */
public final class TokenSoup {
  private static final String[] STRINGS = {
    "^ ",
    "^ ",
    "~#set",
    "~#list",
    "~#cmap",
    "~#'",
    "~#u",
    "~#m",
    "~#x",
    "~#_",
    "~#?",
    "~#t",
    "~#ratio",
    "~#link",
    "~#time/instant",
    "~#point",
    "~#r",
    "~#n",
    "~#f",
    "~#i",
    "~#:",
    "~#~",
    "^0",
    "^1",
    "^2",
    "^3",
    "^:",
    "^00",
    "^01",
    "^",
    "^abc",
    "~:keyword",
    "~:",
    "~$sym",
    "~$",
    "~i12",
    "~i9x",
    "~i",
    "~u0b4f4a32-6f1a-4e6b-9a44-2b8f0c9d1e7f",
    "~ubad",
    "~m123",
    "~m-5",
    "~mx",
    "~t2020-01-01T00:00:00.000Z",
    "~tbad",
    "~_",
    "~_x",
    "~?t",
    "~?f",
    "~zNaN",
    "~zINF",
    "~z-INF",
    "~zFOO",
    "~d1.5",
    "~dx",
    "~cx",
    "~c",
    "~bAAAA",
    "~b!!",
    "~rhttp://x",
    "~r::",
    "~n12",
    "~n1.5",
    "~f1.5",
    "~fx",
    "~~x",
    "~^x",
    "~`x",
    "~'x",
    "~xyz",
    "plain long key",
    "1970-01-01T00:00:00Z",
    "2020-01-01T00:00:00.123456789Z",
    "0b4f4a32-6f1a-4e6b-9a44-2b8f0c9d1e7f",
    "",
    "~",
    "a",
    "abcd",
    "t",
    "NaN"
  };
  private static final String[] NUMBERS = {
    "0",
    "-1",
    "12",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-99999999999999999999",
    "1.5",
    "-0.0",
    "1e400",
    "2E-3"
  };

  private final RandomGenerator random;

  public TokenSoup(RandomGenerator random) {
    this.random = random;
  }

  /** Returns a document, usually a push whose values are soup. */
  public String document() {
    if (random.nextInt(4) == 0) {
      return value(4);
    }
    StringBuilder changes = new StringBuilder("[");
    for (int i = random.nextInt(1, 4); i > 0; i--) {
      changes.append(changes.length() > 1 ? "," : "");
      changes.append(
          "[\"^ \",\"~:id\",\"g:"
              + i
              + "\",\"~:op\",\"~:put\",\"~:value\","
              + value(4)
              + ",\"~:base\",0,\"~:change\",\"~u0b4f4a32-6f1a-4e6b-9a44-2b8f0c9d1e7f\"]");
    }
    changes.append("]");
    return "[\"^ \",\"~:group\",\"g\",\"~:client\",\"c\",\"~:changes\"," + changes + "]";
  }

  private String value(int depth) {
    int pick = random.nextInt(depth == 0 ? 4 : 8);
    return switch (pick) {
      case 0, 1 -> quote(STRINGS[random.nextInt(STRINGS.length)]);
      case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
      case 3 -> new String[] {"true", "false", "null"}[random.nextInt(3)];
      case 4, 5 -> array(depth - 1);
      case 6 -> tagged(depth - 1);
      default -> object(depth - 1);
    };
  }

  private String array(int depth) {
    StringBuilder out = new StringBuilder("[");
    int items = random.nextInt(5);
    for (int i = 0; i < items; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(value(depth));
    }
    return out.append(']').toString();
  }

  private String tagged(int depth) {
    String tag = STRINGS[random.nextInt(23)];
    return "[" + quote(tag) + "," + value(depth) + "]";
  }

  private String object(int depth) {
    StringBuilder out = new StringBuilder("{");
    int entries = random.nextInt(3);
    for (int i = 0; i < entries; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(quote(STRINGS[random.nextInt(STRINGS.length)])).append(':').append(value(depth));
    }
    return out.append('}').toString();
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }
}
