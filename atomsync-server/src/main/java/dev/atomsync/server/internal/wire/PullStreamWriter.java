package dev.atomsync.server.internal.wire;

import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a pull response in Transit JSON while its documents arrive one by one, for a page that is
 * sent while it is still being read: the same bytes as {@link ResponseBodyWriter#writePull} with
 * {@link WireFormat#JSON}. (MessagePack needs the number of documents before the first, so it is
 * written from a whole page.)
 *
 * <p>Output goes to the stream in chunks of about 32 KiB. Not thread-safe.
 */
public final class PullStreamWriter {
  private final EnvelopeWriter w;

  /** Starts the response on {@code out}: the map, and the vector of documents. */
  public PullStreamWriter(OutputStream out) throws IOException {
    this.w = EnvelopeWriter.of(WireFormat.JSON, out);
    w.mapStart(5);
    w.keyword(WireKeyword.DOCS);
    w.arrayStart(-1);
  }

  /** Writes the next document. */
  public void doc(WireDoc doc) throws IOException {
    ResponseBodyWriter.doc(w, doc);
  }

  /** Writes the rest of the response after the last document and flushes it to the stream. */
  public void end(long cursor, boolean more, boolean reset, long horizon) throws IOException {
    w.arrayEnd();
    ResponseBodyWriter.pageEnd(w, cursor, more, reset, horizon);
    w.mapEnd();
    w.finish();
  }
}
