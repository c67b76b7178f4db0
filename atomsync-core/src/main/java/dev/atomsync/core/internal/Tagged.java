package dev.atomsync.core.internal;

import com.cognitect.transit.impl.TaggedValueImpl;
import java.util.Objects;

/**
 * The value of a tag this codec does not know. It is transit-java's tagged value, so that it equals
 * one made by {@code TransitFactory.taggedValue}, with the {@code equals} and {@code hashCode}
 * transit-java's lacks for a nil value (they throw) and a readable {@code toString}.
 */
final class Tagged extends TaggedValueImpl<Object> {

  Tagged(String tag, Object rep) {
    super(tag, rep);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaggedValueImpl<?> tagged
        && getTag().equals(tagged.getTag())
        && Objects.equals(getRep(), tagged.getRep());
  }

  @Override
  public int hashCode() {
    // transit-java's formula, so that equal values of both classes hash alike.
    return 31 * (31 * 17 * getTag().hashCode()) * Objects.hashCode(getRep());
  }

  @Override
  public String toString() {
    return "#" + getTag() + " " + getRep();
  }
}
