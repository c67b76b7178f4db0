package dev.atomsync.client.testing;

/** An enum document value, registered with the test codec under tag "status". */
public enum Status {
  OPEN,
  DONE
}
