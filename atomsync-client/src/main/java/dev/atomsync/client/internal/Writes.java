package dev.atomsync.client.internal;

import dev.atomsync.client.spi.LocalWrite;
import dev.atomsync.core.Codec;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.Ids;
import dev.atomsync.core.internal.TransitCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the changes of a diff into the writes a store commits, checking each changed document. */
final class Writes {
  private Writes() {}

  /**
   * Returns the writes for {@code diff}, in its order. A value found in {@code encodings} (by
   * identity) is not encoded again, and each value encoded here is added to it: a swap that lost
   * its compare-and-set retries with a new diff, most of whose values are the same objects as
   * before, and encoding is most of what a retry costs. (The swap function must not mutate a value
   * in place between attempts, as it must have no side effects at all.)
   *
   * @throws IllegalArgumentException when a changed id is outside {@code group}, a changed value
   *     cannot be encoded, or it encodes to more than {@code maxDocumentBytes}; the message names
   *     the document
   */
  static List<LocalWrite> of(String group, Codec codec, Diff diff, long maxDocumentBytes,
      Map<Object, byte[]> encodings) {
    List<LocalWrite> writes = new ArrayList<>(diff.changes().size());
    for (Diff.Changed changed : diff.changes()) {
      String id = Ids.requireIdIn(changed.id(), group);
      Object value = changed.value();
      if (value == null) {
        writes.add(LocalWrite.delete(id));
        continue;
      }
      byte[] encoded = encodings.get(value);
      if (encoded == null) {
        encoded = encode(codec, id, value);
        encodings.put(value, encoded);
      }
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
   * Returns {@code value} encoded for the store, in the form the server stores values in (no cache
   * references, a scalar unquoted), so that it is the same bytes as the same value pulled.
   *
   * @throws IllegalArgumentException when it cannot be encoded; the message names the document
   */
  static byte[] encode(Codec codec, String id, Object value) {
    try {
      return TransitCodec.encodeSpliceable(codec, value);
    } catch (CodecException e) {
      throw new IllegalArgumentException(
          "value of document \"" + id + "\" cannot be stored: " + e.getMessage(), e);
    }
  }
}
