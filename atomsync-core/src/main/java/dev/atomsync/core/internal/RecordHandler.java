package dev.atomsync.core.internal;

import com.cognitect.transit.Keyword;
import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a record as its tag over a map of component keywords to values, and reads it back through
 * the canonical constructor, narrowing numbers to the declared component types.
 */
final class RecordHandler implements WriteHandler<Record, Map<Keyword, Object>> {
  private final String tag;
  private final Class<?> type;
  private final RecordComponent[] components;
  private final Keyword[] keys;
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;

  RecordHandler(Class<?> type, String tag) {
    this.tag = tag;
    this.type = type;
    this.components = type.getRecordComponents();
    this.keys = new Keyword[components.length];
    this.accessors = new MethodHandle[components.length];
    Class<?>[] parameterTypes = new Class<?>[components.length];
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      for (int i = 0; i < components.length; i++) {
        keys[i] = TransitFactory.keyword(components[i].getName());
        accessors[i] = lookup.unreflect(components[i].getAccessor());
        parameterTypes[i] = components[i].getType();
      }
      this.constructor =
          lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "record " + type.getName() + " and its canonical constructor must be public", e);
    }
  }

  @Override
  public String tag(Record value) {
    return tag;
  }

  @Override
  public Map<Keyword, Object> rep(Record value) {
    Map<Keyword, Object> map = new LinkedHashMap<>(components.length * 2);
    try {
      for (int i = 0; i < components.length; i++) {
        map.put(keys[i], accessors[i].invoke(value));
      }
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read record " + type.getName(), e);
    }
    return map;
  }

  @Override
  public String stringRep(Record value) {
    return null;
  }

  @Override
  public <V> WriteHandler<Record, V> getVerboseHandler() {
    return null;
  }

  ReadHandler<Record, Map<?, ?>> readHandler() {
    return this::fromMap;
  }

  private Record fromMap(Map<?, ?> map) {
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      args[i] = narrow(map.get(keys[i]), components[i].getType(), components[i].getName());
    }
    try {
      return (Record) constructor.invokeWithArguments(args);
    } catch (Throwable e) {
      throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e, e);
    }
  }

  private Object narrow(Object value, Class<?> target, String name) {
    if (value == null) {
      if (target.isPrimitive()) {
        throw new IllegalArgumentException(
            type.getName() + "." + name + " is " + target + " but the value is missing");
      }
      return null;
    }
    if (!(value instanceof Number number)) {
      return value;
    }
    if (target == int.class || target == Integer.class) {
      return Math.toIntExact(number.longValue());
    } else if (target == long.class || target == Long.class) {
      return number.longValue();
    } else if (target == short.class || target == Short.class) {
      return (short) Math.toIntExact(number.longValue());
    } else if (target == byte.class || target == Byte.class) {
      return (byte) Math.toIntExact(number.longValue());
    } else if (target == double.class || target == Double.class) {
      return number.doubleValue();
    } else if (target == float.class || target == Float.class) {
      return number.floatValue();
    } else if (target == BigInteger.class && !(value instanceof BigInteger)) {
      return BigInteger.valueOf(number.longValue());
    } else if (target == BigDecimal.class && !(value instanceof BigDecimal)) {
      return new BigDecimal(number.toString());
    }
    return value;
  }
}
