package dev.atomsync.server.spi;

import java.util.List;

/** One page of a pull, as {@link Store#pull} describes. */
public record StoredPage(
    List<StoredDoc> docs, long cursor, boolean more, boolean reset, long horizon) {}
