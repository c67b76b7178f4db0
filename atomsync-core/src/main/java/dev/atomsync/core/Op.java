package dev.atomsync.core;

import com.cognitect.transit.Keyword;

/** What a change does to its document. */
public enum Op {
  /** Writes the change's value. */
  PUT("put"),

  /** Leaves a tombstone. */
  DELETE("delete");

  private final Keyword keyword;

  Op(String name) {
    this.keyword = Transit.kw(name);
  }

  /** Returns {@code :put} or {@code :delete}. */
  public Keyword keyword() {
    return keyword;
  }

  /**
   * Returns the op named by {@code keyword}.
   *
   * @throws ProtocolException for any other value
   */
  public static Op of(Object keyword) {
    for (Op op : values()) {
      if (op.keyword.equals(keyword)) {
        return op;
      }
    }
    throw ProtocolException.badRequest("unknown op " + keyword + " (expected :put or :delete)");
  }
}
