package dev.atomsync.core.internal;

import com.cognitect.transit.ArrayReader;
import com.cognitect.transit.DefaultReadHandler;
import com.cognitect.transit.MapReader;
import com.cognitect.transit.TaggedValue;
import com.cognitect.transit.impl.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The containers decoding builds. Maps keep their wire order, so that re-encoding a decoded value
 * gives the same bytes. All of them refuse transit-java's internal tag marker, which it returns for
 * a {@code "~#tag"} string out of place and which no writer could encode again.
 */
final class Builders {
  static final MapReader<Map<Object, Object>, Map<Object, Object>, Object, Object> MAP =
      new OrderedMapReader();
  static final ArrayReader<List<Object>, List<Object>, Object> ARRAY = new CheckedArrayReader();
  static final DefaultReadHandler<TaggedValue<Object>> UNKNOWN_TAG = Builders::unknownTag;

  private Builders() {}

  /**
   * Keeps a value of an unknown tag as a {@link TaggedValue}, which encodes back unchanged. Transit
   * reserves one-character tags for scalars written as {@code "~xtext"}; transit-java can write
   * such a tag back only over a string, so any other value under one is refused here.
   */
  private static TaggedValue<Object> unknownTag(String tag, Object rep) {
    if (tag.length() == 1 && !(rep instanceof String)) {
      throw new IllegalArgumentException(
          "unknown one-character tag "
              + tag
              + " over a "
              + BuiltinHandlers.typeName(rep)
              + " (Transit reserves one-character tags for scalars)");
    }
    return new Tagged(tag, checked(rep));
  }

  static Object checked(Object value) {
    if (value instanceof Tag tag) {
      throw new IllegalArgumentException("tag ~#" + tag.getValue() + " has no value");
    }
    return value;
  }

  private static final class OrderedMapReader
      implements MapReader<Map<Object, Object>, Map<Object, Object>, Object, Object> {

    @Override
    public Map<Object, Object> init() {
      return new LinkedHashMap<>();
    }

    @Override
    public Map<Object, Object> init(int size) {
      return LinkedHashMap.newLinkedHashMap(size); // size checked against the input length
    }

    @Override
    public Map<Object, Object> add(Map<Object, Object> map, Object key, Object value) {
      map.put(checked(key), checked(value));
      return map;
    }

    @Override
    public Map<Object, Object> complete(Map<Object, Object> map) {
      return map;
    }
  }

  private static final class CheckedArrayReader
      implements ArrayReader<List<Object>, List<Object>, Object> {

    @Override
    public List<Object> init() {
      return new ArrayList<>();
    }

    @Override
    public List<Object> init(int size) {
      return new ArrayList<>(size); // size checked against the input length
    }

    @Override
    public List<Object> add(List<Object> list, Object item) {
      list.add(checked(item));
      return list;
    }

    @Override
    public List<Object> complete(List<Object> list) {
      return list;
    }
  }
}
