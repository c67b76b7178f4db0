package dev.atomsync.server.spi;

/**
 * Receives one pull page while a store reads it: each document in seq order, then the page's end.
 *
 * <p>A store calls a sink on the thread that reads, inside its read transaction, so a sink should
 * hand the documents on rather than wait for a slow consumer.
 */
public interface PageSink {
  /** Receives the next document of the page. */
  void doc(StoredDoc doc);

  /** Receives what follows the documents, as {@link StoredPage} holds it; called once, last. */
  void end(long cursor, boolean more, boolean reset, long horizon);
}
