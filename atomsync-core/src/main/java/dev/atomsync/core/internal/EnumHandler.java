package dev.atomsync.core.internal;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.WriteHandler;

/** Writes an enum constant as its tag over the constant's name. */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EnumHandler implements WriteHandler<Enum<?>, String> {
  private final Class type;
  private final String tag;

  EnumHandler(Class<?> type, String tag) {
    this.type = type;
    this.tag = tag;
  }

  @Override
  public String tag(Enum<?> value) {
    return tag;
  }

  @Override
  public String rep(Enum<?> value) {
    return value.name();
  }

  @Override
  public String stringRep(Enum<?> value) {
    return null;
  }

  @Override
  public <V> WriteHandler<Enum<?>, V> getVerboseHandler() {
    return null;
  }

  ReadHandler<Enum<?>, String> readHandler() {
    return name -> (Enum<?>) Enum.valueOf(type, name);
  }
}
