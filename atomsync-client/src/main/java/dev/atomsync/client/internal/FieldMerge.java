package dev.atomsync.client.internal;

import dev.atomsync.client.MergeFunction;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The three-way field merge of {@link MergeFunction#fields()}. */
public final class FieldMerge implements MergeFunction {
  /** The one instance. */
  public static final FieldMerge INSTANCE = new FieldMerge();

  private FieldMerge() {}

  @Override
  public @Nullable Object merge(
      @Nullable Object base, @Nullable Object local, @Nullable Object remote) {
    if (local == null || remote == null) {
      if (local == null && remote == null) {
        return null;
      }
      // One side deleted: keep the other side's edit, unless it did not edit at all.
      Object edited = local == null ? remote : local;
      return Objects.equals(edited, base) ? null : edited;
    }
    if (!(local instanceof Map<?, ?> localMap) || !(remote instanceof Map<?, ?> remoteMap)) {
      return remote;
    }
    Map<?, ?> baseMap = base instanceof Map<?, ?> map ? map : Map.of();
    Set<Object> keys = new LinkedHashSet<>(remoteMap.keySet());
    keys.addAll(localMap.keySet());
    keys.addAll(baseMap.keySet());
    Map<Object, Object> merged = new LinkedHashMap<>();
    for (Object key : keys) {
      boolean localChanged = changed(baseMap, localMap, key);
      Map<?, ?> winner = localChanged && !changed(baseMap, remoteMap, key) ? localMap : remoteMap;
      if (winner.containsKey(key)) {
        merged.put(key, winner.get(key));
      }
    }
    return merged;
  }

  private static boolean changed(Map<?, ?> base, Map<?, ?> side, Object key) {
    return base.containsKey(key) != side.containsKey(key)
        || !Objects.equals(base.get(key), side.get(key));
  }

  @Override
  public String toString() {
    return "MergeFunction.fields()";
  }
}
