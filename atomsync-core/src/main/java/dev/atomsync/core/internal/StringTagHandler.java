package dev.atomsync.core.internal;

import com.cognitect.transit.WriteHandler;
import java.util.function.Function;

/** Writes a value as a tag over a string; the function may reject values that break a rule. */
final class StringTagHandler<T> implements WriteHandler<T, String> {
  private final String tag;
  private final Function<T, String> toText;

  StringTagHandler(String tag, Function<T, String> toText) {
    this.tag = tag;
    this.toText = toText;
  }

  @Override
  public String tag(T value) {
    return tag;
  }

  @Override
  public String rep(T value) {
    return toText.apply(value);
  }

  @Override
  public String stringRep(T value) {
    return toText.apply(value);
  }

  @Override
  public <V> WriteHandler<T, V> getVerboseHandler() {
    return null;
  }
}
