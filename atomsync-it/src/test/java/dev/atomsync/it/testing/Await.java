package dev.atomsync.it.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.SyncStatus;
import dev.atomsync.client.SyncedAtom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Waits for what syncing does in the background. Every wait gives up after {@link #PATIENCE},
 * which only bounds a failing test: no assertion depends on how long anything takes, except where a
 * test names a tighter bound on purpose.
 */
public final class Await {
  /** How long a wait lasts before the test fails. */
  public static final Duration PATIENCE = Duration.ofSeconds(20);

  private Await() {}

  /** Returns an awaitility wait named {@code what}, with {@link #PATIENCE} and a 10 ms poll. */
  public static ConditionFactory await(String what) {
    return Awaitility.await(what)
        .atMost(PATIENCE)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  /** Waits until document {@code id} of {@code atom} equals {@code expected}. */
  public static void doc(SyncedAtom atom, String id, Object expected) {
    await(atom + " has " + id)
        .untilAsserted(() -> assertThat(atom.deref().get(id)).as(id).isEqualTo(expected));
  }

  /** Waits until {@code atom} has no document {@code id}. */
  public static void absent(SyncedAtom atom, String id) {
    await(atom + " lacks " + id)
        .untilAsserted(() -> assertThat(atom.deref()).as(atom.toString()).doesNotContainKey(id));
  }

  /**
   * Waits until the server has acknowledged every local change of {@code atom}; a timeout names
   * the atom's sync status then, to tell a client that kept failing from one that stopped trying.
   */
  public static void nothingPending(SyncedAtom atom) {
    await(atom + " has nothing pending")
        .untilAsserted(() -> assertThat(atom.pendingCount())
            .as("pendingCount (sync status %s)", atom.status())
            .isZero());
  }

  /** Waits until {@code atom}'s status is {@code status}. */
  public static void status(SyncedAtom atom, SyncStatus status) {
    await(atom + " is " + status)
        .untilAsserted(() -> assertThat(atom.status()).as("status").isEqualTo(status));
  }

  /** Runs a sync round on each atom in turn and waits for it to finish. */
  public static void synced(SyncedAtom... atoms) {
    for (SyncedAtom atom : atoms) {
      result(atom.sync());
    }
  }

  /**
   * Runs sync rounds on each atom in turn until one round succeeds, and fails only when none does
   * within {@link #PATIENCE}. For the first round after a network comes back: it may fail by itself
   * (a pooled connection the client has not yet seen die), which {@link SyncedAtom#sync()} allows.
   */
  public static void syncSucceeds(SyncedAtom... atoms) {
    for (SyncedAtom atom : atoms) {
      await(atom + " finishes a sync round").until(() -> {
        try {
          atom.sync().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
          return true;
        } catch (ExecutionException failedRound) {
          return false;
        }
      });
    }
  }

  /**
   * Returns the result of {@code future} once it completes.
   *
   * @throws AssertionError when it fails or does not complete within {@link #PATIENCE}
   */
  public static <T extends @Nullable Object> T result(CompletableFuture<T> future) {
    try {
      return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("future did not complete within " + PATIENCE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
