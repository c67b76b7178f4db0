package dev.atomsync.server.spi;

import java.util.Map;

/** What a purge removed, and each group's horizon after it (groups it did not touch left out). */
public record PurgeResult(long tombstones, long changeIds, Map<String, Long> horizons) {}
