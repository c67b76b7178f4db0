package dev.atomsync.core;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The rules for group names and document ids (PROTOCOL.md, Encoding). */
public final class Ids {
  /** The most UTF-8 bytes a document id may take. */
  public static final int MAX_ID_BYTES = 512;

  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private Ids() {}

  /** Returns whether {@code group} is 1 to 128 characters of {@code [A-Za-z0-9._-]}. */
  public static boolean isValidGroup(String group) {
    return group != null && GROUP.matcher(group).matches();
  }

  /**
   * Returns {@code group} when it is a valid group name.
   *
   * @throws IllegalArgumentException naming the value and the rule it broke
   */
  public static String requireGroup(String group) {
    if (!isValidGroup(group)) {
      throw new IllegalArgumentException(
          "group must be 1 to 128 characters of [A-Za-z0-9._-]: " + quote(group));
    }
    return group;
  }

  /**
   * Returns whether {@code id} is at most 512 UTF-8 bytes, has no U+0000, and is {@code group:}
   * followed by at least one character.
   */
  public static boolean belongsTo(String id, String group) {
    return id != null
        && id.length() > group.length() + 1
        && id.startsWith(group)
        && id.charAt(group.length()) == ':'
        && fitsLength(id)
        && !hasNul(id);
  }

  /** Returns whether {@code text} holds U+0000, which PostgreSQL cannot store in text. */
  public static boolean hasNul(String text) {
    return text.indexOf('\u0000') >= 0;
  }

  /**
   * Returns {@code id} when it is a valid document id of {@code group}.
   *
   * @throws IllegalArgumentException naming the value and the rule it broke
   */
  public static String requireIdIn(String id, String group) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("document id must be a non-empty string");
    }
    if (!fitsLength(id)) {
      throw new IllegalArgumentException(
          "document id must be at most " + MAX_ID_BYTES + " UTF-8 bytes: " + quote(id));
    }
    if (hasNul(id)) {
      throw new IllegalArgumentException("document id must not contain U+0000: " + quote(id));
    }
    if (!belongsTo(id, group)) {
      throw new IllegalArgumentException(
          "document id "
              + quote(id)
              + " is outside group "
              + quote(group)
              + " (ids of that group are \""
              + group
              + ":\" followed by at least one character)");
    }
    return id;
  }

  private static boolean fitsLength(String id) {
    // Cheap test first: a string of n chars takes at most 3n UTF-8 bytes.
    return id.length() * 3 <= MAX_ID_BYTES
        || id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES;
  }

  /** Quotes a user-supplied string for an error message, cut to a readable length. */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return '"' + cut + '"';
  }
}
