package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.DocMap;
import dev.atomsync.client.Registration;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.client.Watch;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watches of one atom, copied on write so that notifying never locks and sees one snapshot.
 * Thread-safe.
 */
final class Watches {
  private static final Logger log = LoggerFactory.getLogger(Watches.class);
  private final Object lock = new Object();
  private volatile Map<Object, Watch> watches = Map.of();

  /** Adds {@code watch} under {@code key}, replacing the watch there, and returns its handle. */
  Registration add(Object key, Watch watch) {
    requireNonNull(key, "key");
    requireNonNull(watch, "watch");
    synchronized (lock) {
      Map<Object, Watch> next = new LinkedHashMap<>(watches);
      next.put(key, watch);
      watches = Collections.unmodifiableMap(next);
    }
    return () -> remove(key, watch);
  }

  /** Removes the watch under {@code key}, and returns whether there was one. */
  boolean remove(Object key) {
    synchronized (lock) {
      if (!watches.containsKey(key)) {
        return false;
      }
      Map<Object, Watch> next = new LinkedHashMap<>(watches);
      next.remove(key);
      watches = Collections.unmodifiableMap(next);
      return true;
    }
  }

  private void remove(Object key, Watch watch) {
    synchronized (lock) {
      if (watches.get(key) == watch) {
        remove(key);
      }
    }
  }

  /**
   * Calls every watch with a change that came from the server, in registration order, on this
   * (the sync) thread; an exception is logged and the remaining watches still run.
   */
  void notifyLogging(SyncedAtom atom, DocMap oldValue, DocMap newValue) {
    for (Map.Entry<Object, Watch> entry : watches.entrySet()) {
      try {
        entry.getValue().changed(entry.getKey(), atom, oldValue, newValue);
      } catch (RuntimeException e) {
        log.warn("watch {} of atom \"{}\" threw on a change from the server; syncing goes on",
            entry.getKey(), atom.group(), e);
      }
    }
  }

  /** Calls every watch with the change, in registration order, on this thread. */
  void notify(SyncedAtom atom, DocMap oldValue, DocMap newValue) {
    for (Map.Entry<Object, Watch> entry : watches.entrySet()) {
      entry.getValue().changed(entry.getKey(), atom, oldValue, newValue);
    }
  }
}
