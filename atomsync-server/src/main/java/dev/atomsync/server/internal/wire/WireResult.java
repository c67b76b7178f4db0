package dev.atomsync.server.internal.wire;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The outcome of one change of a push, as {@link dev.atomsync.core.PushResult}. */
public sealed interface WireResult {
  /** Returns the id of the document the change named. */
  String id();

  /** The change was applied: {@code {:id :status :ok :version :seq}}. */
  record Ok(String id, long version, long seq) implements WireResult {
    public Ok {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * The change was not written: {@code {:id :status :conflict :doc}}, with the server's current
   * document, or nil when it has none.
   */
  record Conflict(String id, @Nullable WireDoc doc) implements WireResult {
    public Conflict {
      Objects.requireNonNull(id, "id");
    }
  }
}
