package dev.atomsync.client.internal;

import dev.atomsync.client.DocMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The documents that differ between an atom's current value and a candidate value.
 *
 * <p>When the candidate derives from the current value by {@link DocMap#plus} and {@link
 * DocMap#minus}, only the ids in its edit log are compared: O(documents changed). Otherwise every
 * document of both maps is compared: O(documents held). A document whose values are {@code equals}
 * is not a change.
 *
 * @param changes the changed documents, each with its new value (null for a removed one)
 * @param scanned whether the whole maps were compared because the candidate does not derive from
 *     the current value
 */
record Diff(List<Changed> changes, boolean scanned) {
  private static final Diff NONE = new Diff(List.of(), false);

  /** One changed document; {@code value} is null when it was removed. */
  record Changed(String id, @Nullable Object value) {}

  /** Returns the documents that differ between {@code current} and {@code candidate}. */
  static Diff between(DocMap current, DocMap candidate) {
    if (current == candidate) {
      return NONE;
    }
    if (candidate instanceof RealDocMap real) {
      RealDocMap.Lineage lineage = real.lineage();
      if (lineage != null && lineage.root() == current) {
        return new Diff(compare(current, candidate, lineage.touched()), false);
      }
    }
    return new Diff(scan(current, candidate), true);
  }

  private static List<Changed> compare(DocMap current, DocMap candidate, Iterable<String> ids) {
    List<Changed> changes = new ArrayList<>();
    for (String id : ids) {
      Object next = candidate.get(id);
      if (!Objects.equals(current.get(id), next)) {
        changes.add(new Changed(id, next));
      }
    }
    return changes;
  }

  private static List<Changed> scan(DocMap current, DocMap candidate) {
    List<Changed> changes = new ArrayList<>();
    for (Map.Entry<String, Object> entry : candidate.entrySet()) {
      if (!Objects.equals(current.get(entry.getKey()), entry.getValue())) {
        changes.add(new Changed(entry.getKey(), entry.getValue()));
      }
    }
    for (String id : current.keySet()) {
      if (!candidate.containsKey(id)) {
        changes.add(new Changed(id, null));
      }
    }
    return Collections.unmodifiableList(changes);
  }
}
