package dev.atomsync.server.internal;

import dev.atomsync.server.internal.wire.PullStreamWriter;
import dev.atomsync.server.internal.wire.WireDoc;
import dev.atomsync.server.spi.PageSink;
import dev.atomsync.server.spi.StoredDoc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Carries a pull page from the thread that reads it to the thread that sends it, in batches of
 * documents as the store read them.
 *
 * <p>Why: a pull reads its page inside a read transaction, and the client receives it over the
 * network. Handed over, the sender formats and sends the first batch while the page is still
 * being read, so reading and writing the page run on two cores; and the reader goes back to its
 * pool as soon as the page is read, whatever the client's speed. The handoff holds what the
 * sender has not sent yet, at most one page. (Handing over formatted bytes instead left the
 * formatting on the reading thread: 664,000 against 775,000–838,000 docs/s over loopback.)
 *
 * <p>One thread fills it ({@link #doc} and {@link #end}, or {@link #fail}), one thread calls
 * {@link #drainTo}.
 */
public final class PageHandoff implements PageSink {
  static final int BATCH = 256;

  private record End(long cursor, boolean more, boolean reset, long horizon) {}

  private final BlockingQueue<Object> batches = new LinkedBlockingQueue<>();
  private List<StoredDoc> batch = new ArrayList<>(BATCH);
  private volatile boolean abandoned;
  private boolean ended; // reader thread only

  /**
   * Hands on {@code doc} with the next batch.
   *
   * @throws CancellationException once the sender gave up, to end the store's read early
   */
  @Override
  public void doc(StoredDoc doc) {
    if (abandoned) {
      throw new CancellationException("the pull's sender gave up");
    }
    batch.add(doc);
    if (batch.size() == BATCH) {
      batches.add(batch);
      batch = new ArrayList<>(BATCH);
    }
  }

  @Override
  public void end(long cursor, boolean more, boolean reset, long horizon) {
    if (!batch.isEmpty()) {
      batches.add(batch);
      batch = List.of();
    }
    batches.add(new End(cursor, more, reset, horizon));
    ended = true;
  }

  /**
   * Ends the page with {@code failure}, which {@link #drainTo} throws after the documents before;
   * returns false when the sender will not hear of it: the page's end went first (the store
   * failed while closing its read), or the sender gave up.
   */
  public boolean fail(Throwable failure) {
    if (ended || abandoned) {
      return false;
    }
    batches.add(failure);
    return true;
  }

  /** Returns whether the sender gave up on the page. */
  public boolean abandoned() {
    return abandoned;
  }

  /**
   * Writes every document to {@code out} as it arrives, then the page's end; returns the number
   * of documents.
   *
   * @throws RuntimeException the failure the reader ended with, as it was (an exception other
   *     than a runtime exception or error is wrapped)
   * @throws IOException when writing to {@code out} fails; the reader's further documents are
   *     dropped
   * @throws InterruptedException when interrupted while waiting; the reader's further documents
   *     are dropped
   */
  public int drainTo(PullStreamWriter out) throws IOException, InterruptedException {
    int docs = 0;
    try {
      while (true) {
        Object next = batches.take();
        if (next instanceof End end) {
          out.end(end.cursor(), end.more(), end.reset(), end.horizon());
          return docs;
        }
        if (!(next instanceof List<?> items)) {
          throw rethrow((Throwable) next);
        }
        for (Object item : items) {
          out.doc(WireDoc.ofStored((StoredDoc) item));
        }
        docs += items.size();
      }
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      abandoned = true;
      throw e;
    }
  }

  /** Returns the number of batches, ends and failures handed on and not yet taken by the sender. */
  int waiting() {
    return batches.size();
  }

  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof IOException io) {
      throw new UncheckedIOException(io);
    }
    throw new IllegalStateException(failure);
  }
}
