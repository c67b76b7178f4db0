package dev.atomsync.client.testing;

/** A record document value, registered with the test codec under tag "todo". */
public record Todo(String text, boolean done, int priority, Status status) {}
