package dev.atomsync.client.testing;

import dev.atomsync.core.Codec;

/** Codecs the tests share. */
public final class TestCodecs {
  /** Knows {@link Todo} ("todo") and {@link Status} ("status"). */
  public static final Codec TODOS =
      Codec.builder().record(Todo.class, "todo").enumType(Status.class, "status").build();

  private TestCodecs() {}
}
