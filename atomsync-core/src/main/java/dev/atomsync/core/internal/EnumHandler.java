package dev.atomsync.core.internal;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.WriteHandler;
import java.util.HashMap;
import java.util.Map;

/** Writes an enum constant as its tag over the constant's name, and reads it back by name. */
final class EnumHandler implements WriteHandler<Enum<?>, String> {
  private final Class<?> type;
  private final String tag;
  private final Map<String, Enum<?>> byName = new HashMap<>();

  EnumHandler(Class<?> type, String tag) {
    this.type = type;
    this.tag = tag;
    for (Object constant : type.getEnumConstants()) {
      Enum<?> value = (Enum<?>) constant;
      byName.put(value.name(), value);
    }
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

  ReadHandler<Enum<?>, Object> readHandler() {
    return this::fromRep;
  }

  private Enum<?> fromRep(Object rep) {
    Enum<?> value = byName.get(rep);
    if (value == null) {
      throw new IllegalArgumentException(
          "tag " + tag + " names no constant of " + type.getName() + ": " + rep);
    }
    return value;
  }
}
