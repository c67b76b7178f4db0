package dev.atomsync.client.spi;

import static java.util.Objects.requireNonNull;

import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.internal.TransitCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * One pull page as {@link SyncTransport#pullStored} returns it: the response, values decoded, and
 * each of its documents as a {@link LocalStore} keeps it, the value a Transit JSON document (null
 * for a tombstone), in the same order.
 */
public record PulledPage(PullResponse response, List<RemoteDoc> stored) {
  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException when {@code stored} does not hold one document for each of
   *     the response's, in its order
   */
  public PulledPage {
    requireNonNull(response, "response");
    stored = List.copyOf(stored);
    List<Doc> docs = response.docs();
    if (stored.size() != docs.size()) {
      throw new IllegalArgumentException(
          stored.size() + " stored documents for a page of " + docs.size());
    }
    for (int i = 0; i < docs.size(); i++) {
      if (!stored.get(i).id().equals(docs.get(i).id())) {
        throw new IllegalArgumentException("stored document " + i + " is " + stored.get(i).id()
            + ", the page's is " + docs.get(i).id());
      }
    }
  }

  /**
   * Returns {@code response} with each value encoded by {@code codec} as a local store keeps it:
   * in the form the server stores values in, as they would have come.
   *
   * @throws dev.atomsync.core.CodecException when a value cannot be encoded
   */
  public static PulledPage encoding(PullResponse response, Codec codec) {
    List<RemoteDoc> stored = new ArrayList<>(response.docs().size());
    for (Doc doc : response.docs()) {
      stored.add(new RemoteDoc(doc.id(),
          doc.deleted() || doc.value() == null
              ? null : TransitCodec.encodeSpliceable(codec, doc.value()),
          doc.version()));
    }
    return new PulledPage(response, stored);
  }
}
