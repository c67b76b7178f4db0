package dev.atomsync.core.internal;

import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import java.util.List;
import java.util.RandomAccess;

/**
 * Writes a {@link RandomAccess} list as a Transit array and any other list as a Transit list.
 *
 * <p>Replaces transit-java's handler, which for a list that is neither {@code RandomAccess} nor a
 * {@link java.util.LinkedList} (an unmodifiable view of a linked list, for one) hands the list back
 * to itself and recurses until the stack overflows.
 */
final class ListWriteHandler implements WriteHandler<List<?>, Object> {

  @Override
  public String tag(List<?> list) {
    return list instanceof RandomAccess ? "array" : "list";
  }

  @Override
  public Object rep(List<?> list) {
    return list instanceof RandomAccess ? list : TransitFactory.taggedValue("array", list);
  }

  @Override
  public String stringRep(List<?> list) {
    return null;
  }

  @Override
  public <V> WriteHandler<List<?>, V> getVerboseHandler() {
    return null;
  }
}
