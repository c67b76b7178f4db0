package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalChange;
import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.client.spi.RemoteDoc;
import dev.atomsync.client.spi.Resolution;
import dev.atomsync.client.spi.StoredDoc;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link dev.atomsync.client.spi.LocalStore#settle} makes of one document, computed alike for
 * every store before it writes anything. Never compared, so the arrays need no equals.
 *
 * @param local the document's new local value
 * @param baseValue the new base value: the newer of the server's and the remote state's
 * @param baseVersion the new base version
 * @param push whether the document keeps a pending entry of {@code local} on {@code baseVersion}
 */
record Settlement(
    byte @Nullable [] local, byte @Nullable [] baseValue, long baseVersion, boolean push) {

  /** Returns the settlement of {@code doc} after the server reported {@code server}. */
  static Settlement of(StoredDoc doc, RemoteDoc server, Resolution resolution) {
    boolean remoteNewer = doc.remoteVersion() > server.version();
    byte[] baseValue = remoteNewer ? doc.remoteValue() : server.value();
    long baseVersion = remoteNewer ? doc.remoteVersion() : server.version();
    byte[] local = switch (resolution) {
      case Resolution.TakeServer takeServer -> baseValue;
      case Resolution.KeepLocal keepLocal -> doc.value();
      case Resolution.Push push -> push.value();
    };
    return new Settlement(local, baseValue, baseVersion, !Arrays.equals(local, baseValue));
  }

  /**
   * Checks that {@code server} is the document of the in-flight entry {@code sent}.
   *
   * @throws IllegalArgumentException when it is another document
   */
  static void checkId(RemoteDoc server, OutboxEntry sent) {
    if (!server.id().equals(sent.id())) {
      throw new IllegalArgumentException("the server's document " + server.id()
          + " is not the document " + sent.id() + " of change " + sent.change());
    }
  }

  /**
   * Returns whether the document's row goes: nothing is pushed, nothing is local, and the server
   * has never had it.
   */
  boolean dropsRow() {
    return !push && local == null && baseVersion == 0;
  }

  /** Returns the local change of document {@code id} from {@code before}: one, or none. */
  List<LocalChange> changes(String id, byte @Nullable [] before) {
    return Arrays.equals(before, local) ? List.of() : List.of(new LocalChange(id, local));
  }
}
