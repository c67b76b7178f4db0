package dev.atomsync.server.spi;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a pull, as {@link Store#pull} describes. */
public record StoredPage(
    List<StoredDoc> docs, long cursor, boolean more, boolean reset, long horizon) {

  /** Returns a sink that collects a page; {@link Collector#page()} returns it after the end. */
  public static Collector collector() {
    return new Collector();
  }

  /** A {@link PageSink} that keeps the page it receives. Not thread-safe. */
  public static final class Collector implements PageSink {
    private final List<StoredDoc> docs = new ArrayList<>();
    private @Nullable StoredPage page;

    private Collector() {}

    @Override
    public void doc(StoredDoc doc) {
      docs.add(doc);
    }

    @Override
    public void end(long cursor, boolean more, boolean reset, long horizon) {
      page = new StoredPage(List.copyOf(docs), cursor, more, reset, horizon);
    }

    /**
     * Returns the page received.
     *
     * @throws IllegalStateException when the page has not ended yet
     */
    public StoredPage page() {
      if (page == null) {
        throw new IllegalStateException("the page has not ended yet");
      }
      return page;
    }
  }
}
