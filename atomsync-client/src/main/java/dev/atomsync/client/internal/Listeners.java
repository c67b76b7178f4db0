package dev.atomsync.client.internal;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.Registration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Listeners of one kind, called in registration order; one that throws is logged and the others
 * still run. Thread-safe.
 */
final class Listeners<L> {
  private final CopyOnWriteArrayList<L> listeners = new CopyOnWriteArrayList<>();
  private final Logger log;
  private final String kind;

  Listeners(Logger log, String kind) {
    this.log = log;
    this.kind = kind;
  }

  /** Adds {@code listener} and returns the handle that removes it. */
  Registration add(L listener) {
    requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Calls {@code call} with every listener. */
  void fire(Consumer<L> call) {
    for (L listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        log.warn("a {} threw; syncing goes on", kind, e);
      }
    }
  }
}
