package dev.atomsync.core.internal;

import com.cognitect.transit.Keyword;
import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a record as its tag over a map of component keywords to values, and reads it back through
 * the canonical constructor, converting values to the declared component types ({@link
 * Conversions}). A missing key reads as nil; keys the record does not have are ignored, so a reader
 * with an older version of the record still reads newer values.
 */
final class RecordHandler implements WriteHandler<Record, Map<Keyword, Object>> {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  private final String tag;
  private final Class<?> type;
  private final Keyword[] keys;
  private final Class<?>[] types;
  private final String[] names;
  private final MethodHandle[] accessors; // (Object)Object
  private final MethodHandle constructor; // (Object[])Object

  RecordHandler(Class<?> type, String tag) {
    this.tag = tag;
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    this.keys = new Keyword[n];
    this.types = new Class<?>[n];
    this.names = new String[n];
    this.accessors = new MethodHandle[n];
    try {
      for (int i = 0; i < n; i++) {
        keys[i] = TransitFactory.keyword(components[i].getName());
        types[i] = components[i].getType();
        names[i] = "record " + type.getName() + " component " + components[i].getName();
        accessors[i] =
            LOOKUP
                .unreflect(accessible(components[i].getAccessor()))
                .asType(MethodType.methodType(Object.class, Object.class));
      }
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      this.constructor =
          LOOKUP
              .unreflectConstructor(accessible(canonical))
              .asType(MethodType.genericMethodType(n))
              .asSpreader(Object[].class, n);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot use record " + type.getName() + ": " + e, e);
    }
  }

  private <T extends AccessibleObject> T accessible(T member) {
    if (!member.trySetAccessible()) {
      throw new IllegalArgumentException(
          "record "
              + type.getName()
              + " is not accessible: make it public or open its package to atomsync-core");
    }
    return member;
  }

  @Override
  public String tag(Record value) {
    return tag;
  }

  @Override
  public Map<Keyword, Object> rep(Record value) {
    Map<Keyword, Object> map = LinkedHashMap.newLinkedHashMap(keys.length);
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], read(i, value));
    }
    return map;
  }

  private Object read(int component, Record value) {
    try {
      return (Object) accessors[component].invokeExact((Object) value);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read " + names[component], e);
    }
  }

  @Override
  public String stringRep(Record value) {
    return null;
  }

  @Override
  public <V> WriteHandler<Record, V> getVerboseHandler() {
    return null;
  }

  ReadHandler<Record, Object> readHandler() {
    return this::fromRep;
  }

  private Record fromRep(Object rep) {
    if (!(rep instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "tag "
              + tag
              + " ("
              + type.getName()
              + ") needs a map, got "
              + BuiltinHandlers.typeName(rep));
    }
    Object[] args = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      args[i] = Conversions.toComponent(map.get(keys[i]), types[i], names[i]);
    }
    try {
      return (Record) (Object) constructor.invokeExact(args);
    } catch (Throwable e) {
      throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e, e);
    }
  }
}
