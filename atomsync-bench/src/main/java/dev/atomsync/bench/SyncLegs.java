package dev.atomsync.bench;

/** Throughput of the two legs of a sync through a server: A pushes everything, fresh B pulls it. */
record SyncLegs(double pushDocsPerSecond, double pullDocsPerSecond) {}
