package dev.atomsync.server.internal.wire;

/**
 * Transit's read cache, holding strings as written rather than decoded: the fast path copies cached
 * keywords and keys into stored values, which must not refer to a cache.
 *
 * <p>The rules are transit-java's {@code ReadCache} and {@code WriteCache}: a string of four or
 * more characters is remembered when it is a map key or starts with {@code ~:}, {@code ~$} or
 * {@code ~#}; {@code ^N} (one or two digits from {@code 0} = 48, base 44) names the N-th remembered
 * string; after 44 * 44 strings the cache starts over. Stricter than transit-java, a reference to a
 * slot not written since the last start-over fails instead of reading as nil.
 */
final class RefCache {
  private static final int BASE = 48;
  private static final int DIGITS = 44;

  private final String[] strings = new String[WireLimits.CACHE_SIZE];
  private int size;

  /**
   * Returns {@code text} as it was first written: the string a reference names, or {@code text}
   * itself, which is remembered when it is cacheable.
   *
   * @throws IllegalArgumentException when {@code text} is a reference that names no string
   */
  String read(String text, boolean asMapKey) {
    if (text.isEmpty()) {
      return text;
    }
    if (text.charAt(0) == '^' && !text.equals("^ ")) {
      return resolve(text);
    }
    if (isCacheable(text, asMapKey)) {
      if (size == strings.length) {
        size = 0;
      }
      strings[size++] = text;
    }
    return text;
  }

  static boolean isCacheable(String text, boolean asMapKey) {
    if (text.length() < 4) {
      return false;
    }
    if (asMapKey) {
      return true;
    }
    char second = text.charAt(1);
    return text.charAt(0) == '~' && (second == ':' || second == '$' || second == '#');
  }

  private String resolve(String ref) {
    int index =
        switch (ref.length()) {
          case 2 -> digit(ref, 1);
          case 3 -> digit(ref, 1) * DIGITS + digit(ref, 2);
          default -> throw badReference(ref);
        };
    if (index >= size) {
      throw new IllegalArgumentException(
          "cache reference \""
              + ref
              + "\" names entry "
              + index
              + " but only "
              + size
              + " strings are cached");
    }
    return strings[index];
  }

  private static int digit(String ref, int at) {
    int digit = ref.charAt(at) - BASE;
    if (digit < 0 || digit >= DIGITS) {
      throw badReference(ref);
    }
    return digit;
  }

  private static IllegalArgumentException badReference(String ref) {
    return new IllegalArgumentException("\"" + ref + "\" is not a valid cache reference");
  }
}
