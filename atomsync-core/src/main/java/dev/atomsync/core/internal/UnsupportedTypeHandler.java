package dev.atomsync.core.internal;

import com.cognitect.transit.WriteHandler;

/** The handler of last resort: rejects a value of a type no handler covers, naming its class. */
final class UnsupportedTypeHandler implements WriteHandler<Object, Object> {
  static final UnsupportedTypeHandler INSTANCE = new UnsupportedTypeHandler();

  private UnsupportedTypeHandler() {}

  @Override
  public String tag(Object value) {
    throw new IllegalArgumentException(
        "no Transit representation for "
            + value.getClass().getTypeName()
            + " (register records and enums with Codec.builder())");
  }

  @Override
  public Object rep(Object value) {
    return tag(value);
  }

  @Override
  public String stringRep(Object value) {
    return tag(value);
  }

  @Override
  public <V> WriteHandler<Object, V> getVerboseHandler() {
    return null;
  }
}
