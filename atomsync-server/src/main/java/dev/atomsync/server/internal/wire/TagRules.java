package dev.atomsync.server.internal.wire;

import dev.atomsync.core.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Checks tagged values the way {@link Codec#standard()} would read them, without building them: the
 * read handlers of transit-java and AtomSync for the common cases, run on the text alone, and
 * {@link Shape#DECODE} for every other case, where the caller decodes the value to find out.
 *
 * <p>A stored value must decode on every client, so whatever {@code Codec.standard()} would refuse
 * in a push is refused here too, with the handler's own message.
 */
final class TagRules {
  /** Tags of more than one character that {@code Codec.standard()} reads as more than a tag. */
  private static final Set<String> KNOWN = Set.of("set", "list", "cmap", "ratio", "link");

  private static final String INSTANT = "time/instant";

  private TagRules() {}

  /**
   * Returns the shape of the string {@code ~} {@code tag} {@code text.substring(from)} decodes to,
   * or {@link Shape#DECODE}.
   *
   * @throws IllegalArgumentException (or a subclass) with the handler's complaint when it refuses
   *     the text
   */
  static int scalar(char tag, String text, int from) {
    return switch (tag) {
      case ':', '$' -> {
        if (text.length() == from) {
          throw new IllegalArgumentException("a keyword or symbol needs a name");
        }
        yield Shape.SCALAR;
      }
      case '?' -> Shape.BOOLEAN;
      case '_' -> Shape.NIL;
      case '\'' -> Shape.STRING;
      case 'i' -> {
        Long.parseLong(text, from, text.length(), 10);
        yield Shape.INTEGER;
      }
      case 'm' -> {
        Long.parseLong(text, from, text.length(), 10);
        yield Shape.SCALAR;
      }
      case 'u' -> {
        UUID.fromString(text.substring(from));
        yield Shape.SCALAR;
      }
      case 'n' -> {
        new BigInteger(requireNumberLength(text, from));
        yield Shape.NUMBER;
      }
      case 'f' -> {
        new BigDecimal(requireNumberLength(text, from));
        yield Shape.NUMBER;
      }
      case 'd' -> {
        Double.valueOf(text.substring(from));
        yield Shape.NUMBER;
      }
      case 'z' -> {
        String special = text.substring(from);
        if (!special.equals("NaN") && !special.equals("INF") && !special.equals("-INF")) {
          throw new IllegalArgumentException("~z needs NaN, INF or -INF, got " + special);
        }
        yield Shape.NUMBER;
      }
      case 'c' -> {
        if (text.length() == from) {
          throw new IllegalArgumentException("a character needs one character");
        }
        yield Shape.SCALAR;
      }
      case 'b' -> {
        Base64.getDecoder().decode(text.substring(from).getBytes());
        yield Shape.SCALAR;
      }
      case 't' -> Shape.DECODE; // verbose dates go through JAXB's parser; rare enough to decode
      default -> Shape.SCALAR; // r (a URI, or a tagged value when java.net.URI refuses it) and
        // every unknown one-character tag over a string, which decodes as a tagged value
    };
  }

  /**
   * Returns the shape the tagged value {@code #tag rep} decodes to, given the shape of its rep and,
   * for a string rep, its decoded text; or {@link Shape#DECODE}. {@code twoIntegers} says whether
   * an array rep holds exactly two integers.
   *
   * @throws IllegalArgumentException (or a subclass) with the handler's complaint when it refuses
   *     the rep
   */
  static int tagged(String tag, int rep, String text, int count, boolean twoIntegers) {
    if (rep == Shape.UNKNOWN) {
      return KNOWN.contains(tag) || tag.length() == 1 || tag.equals(INSTANT)
          ? Shape.DECODE
          : Shape.UNKNOWN;
    }
    return switch (tag) {
      case "set" -> {
        requireArray(tag, rep);
        yield Shape.UNKNOWN;
      }
      case "list" -> {
        requireArray(tag, rep);
        yield Shape.ARRAY; // a LinkedList of the same items, which every rule takes as a list
      }
      case "cmap" -> {
        requireArray(tag, rep);
        if (count % 2 != 0) {
          throw new IllegalArgumentException(
              "tag cmap needs keys and values in pairs, got " + count + " items");
        }
        yield Shape.MAP;
      }
      case "m" -> rep == Shape.INTEGER ? Shape.SCALAR : stringRep(tag, rep, text);
      case "u" -> rep == Shape.ARRAY && twoIntegers ? Shape.SCALAR : stringRep(tag, rep, text);
      case INSTANT -> {
        if (rep != Shape.STRING) {
          yield Shape.DECODE;
        }
        Instant.parse(text);
        yield Shape.SCALAR;
      }
      case "ratio", "link" -> Shape.DECODE;
      default -> tag.length() == 1 ? stringRep(tag, rep, text) : Shape.UNKNOWN;
    };
  }

  private static int stringRep(String tag, int rep, String text) {
    return rep == Shape.STRING ? scalar(tag.charAt(0), text, 0) : Shape.DECODE;
  }

  private static void requireArray(String tag, int rep) {
    if (rep != Shape.ARRAY) {
      throw new IllegalArgumentException("tag " + tag + " needs an array");
    }
  }

  private static String requireNumberLength(String text, int from) {
    if (text.length() - from > Codec.MAX_NUMBER_LENGTH) {
      throw new IllegalArgumentException(
          "a number of "
              + (text.length() - from)
              + " characters is longer than the limit of "
              + Codec.MAX_NUMBER_LENGTH);
    }
    return text.substring(from);
  }
}
