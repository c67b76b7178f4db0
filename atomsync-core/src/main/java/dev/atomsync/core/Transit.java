package dev.atomsync.core;

import com.cognitect.transit.Keyword;
import com.cognitect.transit.Symbol;
import com.cognitect.transit.TransitFactory;

/** Short constructors for the Transit types Java has no literal for. */
public final class Transit {
  private Transit() {}

  /** Returns the keyword {@code :name} (give the name without the colon). */
  public static Keyword kw(String name) {
    return TransitFactory.keyword(name);
  }

  /** Returns the symbol {@code name}. */
  public static Symbol sym(String name) {
    return TransitFactory.symbol(name);
  }
}
