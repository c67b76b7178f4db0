package dev.atomsync.bench;

/** The two legs of scenario B: documents per second pushed by A and pulled by a fresh B. */
record SyncLegs(double pushDocsPerSecond, double pullDocsPerSecond) {}
