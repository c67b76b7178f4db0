package dev.atomsync.server.internal.wire;

import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import dev.atomsync.core.internal.JsonOut;

/**
 * Walks the tokens of one message with Transit's read cache, and tells what an array or map that
 * starts here is: a list, a map, or a tagged value. That takes reading its first item; a string
 * read that way is kept as pending, so that it goes through the cache exactly once, in document
 * order, as transit-java reads it.
 */
final class Cursor {
  static final int EMPTY_ARRAY = 0;
  static final int ARRAY = 1;
  static final int EMPTY_MAP = 2;
  static final int MAP = 3;
  static final int TAGGED = 4;

  /** The string that marks a Transit JSON array as a map. */
  static final String MAP_MARKER = "^ ";

  private final TokenSource source;
  private final RefCache cache = new RefCache();

  /**
   * Bytes {@link #decode} may still hand to the codec. A tag whose value needs decoding to check
   * decodes everything inside it, so nested ones would decode the same bytes again and again;
   * values that need more than this are refused, and the work stays linear in the input.
   */
  private long decodeBudget;

  private int token;
  private String pending;
  private int end;
  private String tag;

  /** Returns a cursor over {@code source}, which reads {@code inputLength} bytes. */
  Cursor(TokenSource source, int inputLength) {
    this.source = source;
    this.decodeBudget = 4L * inputLength + 64 * 1024;
  }

  /** Returns the token source, for the values of scalar tokens. */
  TokenSource source() {
    return source;
  }

  /** Advances to the next token and returns its kind. */
  int next() {
    return token = source.next();
  }

  /** Returns the kind of the current token. */
  int token() {
    return token;
  }

  /**
   * Returns the current string token as first written, resolving a cache reference and remembering
   * a cacheable string; {@code asMapKey} says whether it stands in a map key's place.
   */
  String readString(boolean asMapKey) {
    String text = pending;
    if (text != null) {
      pending = null;
      return text;
    }
    try {
      return cache.read(source.text(), asMapKey);
    } catch (IllegalArgumentException e) {
      throw source.malformed(e.getMessage());
    }
  }

  /**
   * Reads into the array or map the current token starts and returns what it is. After {@link
   * #ARRAY} or {@link #MAP} the current token is the first item or key; after {@link #TAGGED} it is
   * the tag, and {@link #tag()} and {@link #end()} tell the tag and the token that must follow its
   * one value; after an empty one it is the end token.
   */
  int open() {
    if (token == TokenSource.START_MAP) {
      end = TokenSource.END_MAP;
      return openMap();
    }
    if (next() == TokenSource.END_ARRAY) {
      return EMPTY_ARRAY;
    }
    if (token == TokenSource.STRING) {
      String first = readString(false);
      if (source.mapsAsArrays() && first.equals(MAP_MARKER)) {
        end = TokenSource.END_ARRAY;
        return openMap();
      }
      if (isTag(first)) {
        end = TokenSource.END_ARRAY;
        tag = first.substring(2);
        return TAGGED;
      }
      pending = first;
    }
    return ARRAY;
  }

  private int openMap() {
    if (next() == end) {
      return EMPTY_MAP;
    }
    if (token == TokenSource.STRING) {
      String key = readString(true);
      if (isTag(key)) {
        tag = key.substring(2);
        return TAGGED;
      }
      pending = key;
    }
    return MAP;
  }

  /** Returns the tag of the value {@link #open()} found tagged. */
  String tag() {
    return tag;
  }

  /** Returns the token that ends the container {@link #open()} read into. */
  int end() {
    return end;
  }

  /** Advances past a tagged value's one value, which must be followed by {@code end}. */
  void expectEnd(int end, String tag) {
    if (next() != end) {
      throw malformed(
          "tagged value #" + tag + " must be its array's or map's only value after the tag");
    }
  }

  /**
   * Advances to the value of a quote ({@code ["~#'", value]}) and refuses the bare map marker
   * there: transit-java gives back the very string it marks maps with, so an array starting with
   * that quote would read as a map, which no Transit writer means and no copy could keep.
   */
  void enterQuote() {
    if (next() == TokenSource.STRING && source.mapsAsArrays()) {
      String text = readString(false);
      if (text.equals(MAP_MARKER)) {
        throw malformed("a quoted \"^ \" is ambiguous (write \"~^ \" for the string)");
      }
      pending = text;
    }
  }

  /**
   * Returns what {@code Codec.standard()} decodes the canonical JSON in {@code out} from {@code
   * start} to, for the cases only decoding can check.
   *
   * @throws CodecException with the codec's complaint, or when the message has used up its budget
   */
  Object decode(JsonOut out, int start) {
    decodeBudget -= out.size() - start;
    if (decodeBudget < 0) {
      throw malformed("too many nested tagged values that need decoding to be checked");
    }
    try {
      return Codec.standard().decode(out.copy(start), WireFormat.JSON);
    } catch (CodecException e) {
      throw malformed(e.getMessage().replaceFirst("^malformed [^:]*: ", ""));
    }
  }

  /** Returns whether {@code text}, as written, is a tag ({@code ~#tag}). */
  static boolean isTag(String text) {
    return text.length() > 1 && text.charAt(0) == '~' && text.charAt(1) == '#';
  }

  CodecException malformed(String rule) {
    return source.malformed(rule);
  }
}
