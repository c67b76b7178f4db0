package dev.atomsync.it.testing;

/**
 * The servers a seeded convergence schedule runs against: one SQLite server, or several nodes on
 * one PostgreSQL database. Each client reaches its node through a proxy of its own.
 */
public interface ScheduleTarget {
  /** Returns the factory for the schedule's clients. */
  Clients clients();

  /** Returns a proxy to the node that client {@code client} talks to; closed after the test. */
  FaultProxy proxy(int client);

  /** Returns a wire client to a node, for checks; successive calls may go to different nodes. */
  WireClient wire();

  /**
   * Closes the clients, stops the servers and returns what their store says it applied to
   * {@code group}.
   */
  ServerLedger stopAndReadLedger(String group);
}
