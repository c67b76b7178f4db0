package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.Ids;
import java.util.ArrayList;
import java.util.List;

/** Turns the changes of a diff into the writes a store commits, checking each changed document. */
final class Writes {
  private Writes() {}

  /**
   * Returns the writes for {@code diff}, in its order.
   *
   * @throws IllegalArgumentException when a changed id is outside {@code group}, a changed value
   *     cannot be encoded, or it encodes to more than {@code maxDocumentBytes}; the message names
   *     the document
   */
  static List<LocalWrite> of(String group, Codec codec, Diff diff, long maxDocumentBytes) {
    List<LocalWrite> writes = new ArrayList<>(diff.changes().size());
    for (Diff.Changed changed : diff.changes()) {
      String id = Ids.requireIdIn(changed.id(), group);
      Object value = changed.value();
      if (value == null) {
        writes.add(LocalWrite.delete(id));
        continue;
      }
      byte[] encoded = encode(codec, id, value);
      if (encoded.length > maxDocumentBytes) {
        throw new IllegalArgumentException("value of document \"" + id + "\" is "
            + encoded.length + " bytes encoded; a synced document may be at most "
            + maxDocumentBytes + " (SyncOptions.MAX_DOCUMENT_BYTES), so that every push fits the"
            + " server's request limit");
      }
      writes.add(LocalWrite.put(id, encoded));
    }
    return writes;
  }

  /**
   * Returns {@code value} encoded for the store.
   *
   * @throws IllegalArgumentException when it cannot be encoded; the message names the document
   */
  static byte[] encode(Codec codec, String id, Object value) {
    try {
      return codec.encode(value, StoredFormat.FORMAT);
    } catch (CodecException e) {
      throw new IllegalArgumentException(
          "value of document \"" + id + "\" cannot be stored: " + e.getMessage(), e);
    }
  }
}
