package dev.atomsync.it;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.Conflict;
import dev.atomsync.client.ConflictStrategy;
import dev.atomsync.client.DocMap;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Doc;
import dev.atomsync.it.testing.Await;
import dev.atomsync.it.testing.Clients;
import dev.atomsync.it.testing.FaultProxy;
import dev.atomsync.it.testing.Fields;
import dev.atomsync.it.testing.ScheduleTarget;
import dev.atomsync.it.testing.ServerLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.LongStream;

/**
 * One seeded schedule of 3 to 5 clients that write fields, put and delete documents, restart, go
 * offline and are partitioned from the server through their proxies, under the conflict strategy
 * the seed picks. Along the way each client reads its own writes, sees only values that some client
 * wrote (field by field, so merges count), and the server's version of a document never goes back.
 * At the end every client holds what the server holds, and the server's store accounts for every
 * change: each applied once, each document's versions 1 to its last, none skipped, no more than the
 * acknowledged writes explain and no fewer than the clients whose last put no conflict settled on
 * the server's value.
 *
 * <p>A seed fixes the schedule (timing is not); {@link #run} names it in a failure. The schedule
 * runs against a {@link ScheduleTarget}, so the same seeds play on SQLite and on PostgreSQL nodes.
 */
final class ConvergenceSchedule {
  private static final long FIRST_SEED = 1_000;
  private static final String GROUP = "conv";
  private static final List<ConflictStrategy> STRATEGIES = List.of(
      ConflictStrategy.serverWins(), ConflictStrategy.clientWins(), ConflictStrategy.mergeFields());
  private static final List<String> STRATEGY_NAMES = List.of("ServerWins", "ClientWins", "Merge");

  /**
   * Returns the seed of {@code -Datomsync.seed=N} alone, or the first {@code count} seeds, where
   * {@code -D<countProperty>=N} overrides the count.
   */
  static LongStream seeds(String countProperty, int count) {
    String one = System.getProperty("atomsync.seed", "");
    if (!one.isBlank()) {
      return LongStream.of(Long.decode(one.trim()));
    }
    return LongStream.range(0, Integer.getInteger(countProperty, count)).map(i -> FIRST_SEED + i);
  }

  /** Plays the schedule of {@code seed} against {@code target}; a failure names the seed. */
  static void run(long seed, ScheduleTarget target) throws InterruptedException {
    ConvergenceSchedule schedule = new ConvergenceSchedule(seed, target);
    try {
      schedule.play();
    } catch (AssertionError | RuntimeException e) {
      System.out.println("FAILED schedule seed " + seed + " (" + schedule + "); replay with"
          + " -Datomsync.seed=" + seed);
      throw new AssertionError("seed " + seed + " (" + schedule + "): " + e.getMessage(), e);
    }
  }

  /** One client's view of a conflict its strategy settled. */
  private record Seen(int client, Conflict conflict) {}

  private final long seed;
  private final ScheduleTarget target;
  private final Clients clients;
  private final SplittableRandom random;
  private final int strategy;
  private final int clientCount;
  private final int steps;
  private final List<String> ids = new ArrayList<>();
  private final SyncedAtom[] atoms;
  private final FaultProxy[] networks;
  private final boolean[] online;
  /** Every field (as [key, value]) some swap wrote to each document, before the swap ran. */
  private final Map<String, Set<List<Object>>> fields = new ConcurrentHashMap<>();
  private final Map<String, Integer> acknowledged = new HashMap<>();
  /** Per document, the clients whose last acknowledged write was a put. */
  private final Map<String, Set<Integer>> lastPut = new HashMap<>();
  private final ConcurrentLinkedQueue<Seen> conflicts = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
  private final Map<String, Long> serverVersions = new HashMap<>();
  private long stamp;
  private int restarts;
  private int cuts;
  private int partitions;

  private ConvergenceSchedule(long seed, ScheduleTarget target) {
    this.seed = seed;
    this.target = target;
    this.clients = target.clients();
    this.random = new SplittableRandom(seed);
    this.strategy = (int) Math.floorMod(seed, (long) STRATEGIES.size());
    this.clientCount = 3 + random.nextInt(3);
    this.steps = 20 + random.nextInt(21);
    int idCount = 3 + random.nextInt(4);
    for (int i = 0; i < idCount; i++) {
      ids.add(GROUP + ":" + i);
    }
    atoms = new SyncedAtom[clientCount];
    networks = new FaultProxy[clientCount];
    online = new boolean[clientCount];
  }

  private void play() throws InterruptedException {
    for (int c = 0; c < clientCount; c++) {
      networks[c] = target.proxy(c);
      online[c] = true;
      atoms[c] = open(c);
    }
    for (int step = 0; step < steps; step++) {
      step(random.nextInt(clientCount), random.nextInt(100));
      Thread.sleep(random.nextInt(4));
    }
    for (FaultProxy network : networks) {
      network.restore();
    }
    for (int round = 0; round < 2; round++) {
      Await.syncSucceeds(atoms);
    }
    Await.await("every client holds what the server holds").untilAsserted(() -> {
      Map<String, Object> onServer = target.wire().values(GROUP);
      for (int c = 0; c < clientCount; c++) {
        assertThat(atoms[c].pendingCount()).as("c%d pending", c).isZero();
        assertThat(atoms[c].deref()).as("c%d", c).isEqualTo(onServer);
      }
    });
    pollServer();
    assertThat(violations).as("violations along the way").isEmpty();
    account(target.stopAndReadLedger(GROUP));
    System.out.println("schedule " + this + ": converged, every change once");
  }

  private void step(int c, int op) {
    SyncedAtom atom = atoms[c];
    String id = ids.get(random.nextInt(ids.size()));
    if (op < 35) {
      long v = ++stamp;
      Map<Object, Object> written = Map.of(kw("by-c" + c), v, kw("last"), v);
      remember(id, written);
      atom.update(id, old -> Fields.with(old, written));
      wrote(c, id, true);
      readsOwnWrite(c, id, now -> now instanceof Map<?, ?> map
          && map.entrySet().containsAll(written.entrySet()));
    } else if (op < 45) {
      Map<Object, Object> written = Map.of(kw("reset-by"), (long) c, kw("stamp"), ++stamp);
      remember(id, written);
      atom.put(id, written);
      wrote(c, id, true);
      readsOwnWrite(c, id, written::equals);
    } else if (op < 57) {
      atom.remove(id);
      wrote(c, id, false);
      readsOwnWrite(c, id, Objects::isNull);
    } else if (op < 67) {
      if (online[c]) {
        networks[c].cut();
        cuts++;
      } else {
        networks[c].restore();
      }
      online[c] = !online[c];
    } else if (op < 71) {
      partition();
    } else if (op < 78) {
      restart(c);
    } else if (op < 86) {
      if (online[c]) {
        Await.syncSucceeds(atom);
      }
    } else if (op < 93) {
      pollServer();
    } else {
      atom.sync(); // a round now, not waited for
    }
  }

  /** Cuts a random half of the clients off the server at once, or heals every cut. */
  private void partition() {
    boolean anyCut = false;
    for (boolean up : online) {
      anyCut |= !up;
    }
    for (int c = 0; c < clientCount; c++) {
      boolean cut = !anyCut && random.nextBoolean();
      if (cut) {
        networks[c].cut();
      } else {
        networks[c].restore();
      }
      online[c] = !cut;
    }
    partitions++;
  }

  private void restart(int c) {
    clients.close(atoms[c]);
    atoms[c] = open(c);
    restarts++;
  }

  private SyncedAtom open(int c) {
    SyncedAtom atom = clients.open("c" + c, GROUP, clients.options(networks[c].syncUri())
        .conflictStrategy(STRATEGIES.get(strategy)));
    atom.addConflictListener((a, conflict) -> conflicts.add(new Seen(c, conflict)));
    atom.addWatch("only-written-values", (key, a, old, now) -> onlyWrittenValues(c, old, now));
    return atom;
  }

  private void remember(String id, Map<Object, Object> written) {
    Set<List<Object>> known = fields.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
    written.forEach((key, value) -> known.add(List.of(key, value)));
  }

  private void wrote(int c, String id, boolean put) {
    if (Boolean.getBoolean("atomsync.trace")) {
      System.out.println("c" + c + (put ? " put " : " removed ") + id + " -> " + atoms[c].get(id));
    }
    acknowledged.merge(id, 1, Integer::sum);
    Set<Integer> putters = lastPut.computeIfAbsent(id, k -> new HashSet<>());
    if (put) {
      putters.add(c);
    } else {
      putters.remove(c);
    }
  }

  /**
   * Checks that client {@code c} reads its write of {@code id} right after the swap returned;
   * only a conflict its strategy settled on that document since may have replaced it.
   */
  private void readsOwnWrite(int c, String id, Predicate<Object> isOwn) {
    Object now = atoms[c].get(id);
    if (isOwn.test(now)) {
      return;
    }
    long settled = conflicts.stream()
        .filter(seen -> seen.client() == c && seen.conflict().id().equals(id)).count();
    try {
      Await.await("a conflict on " + id + " explains c" + c + "'s read")
          .atMost(Duration.ofSeconds(2))
          .until(() -> conflicts.stream()
              .filter(seen -> seen.client() == c && seen.conflict().id().equals(id))
              .count() > 0);
    } catch (RuntimeException | AssertionError none) {
      violations.add("c" + c + " did not read its own write of " + id + ": " + now
          + " (conflicts on it before: " + settled + ")");
    }
  }

  private void onlyWrittenValues(int c, DocMap old, DocMap now) {
    for (String id : ids) {
      Object value = now.get(id);
      if (value == null || Objects.equals(value, old.get(id))) {
        continue;
      }
      if (!(value instanceof Map<?, ?> map)) {
        violations.add("c" + c + " saw " + id + " = " + value + ", not a written map");
        continue;
      }
      Set<List<Object>> known = fields.getOrDefault(id, Set.of());
      map.forEach((key, field) -> {
        if (!known.contains(List.of(key, field))) {
          violations.add("c" + c + " saw " + id + " with " + key + " " + field
              + ", which no client wrote");
        }
      });
    }
  }

  /** Checks that no document's version on the server went back since the last poll. */
  private void pollServer() {
    for (Doc doc : target.wire().pullAll(GROUP).values()) {
      Long before = serverVersions.put(doc.id(), doc.version());
      if (before != null && doc.version() < before) {
        violations.add("server's " + doc.id() + " went back from v" + before + " to v"
            + doc.version());
      }
    }
  }

  /** Checks the server's file against what the clients were told and what they settled. */
  private void account(ServerLedger ledger) {
    ledger.assertEveryChangeOnce("seed " + seed);
    assertThat(ledger.versions()).as("versions in the file and last pulled")
        .isEqualTo(serverVersions);
    for (String id : ids) {
      long version = ledger.versions().getOrDefault(id, 0L);
      long pushedAgain = conflicts.stream()
          .filter(seen -> seen.conflict().id().equals(id)
              && seen.conflict().outcome() != Conflict.Outcome.DROPPED_LOCAL)
          .count();
      assertThat(version).as("%s: version <= %d acknowledged writes + %d re-pushed conflicts",
              id, acknowledged.getOrDefault(id, 0), pushedAgain)
          .isLessThanOrEqualTo(acknowledged.getOrDefault(id, 0) + pushedAgain);
      Set<Integer> standing = new HashSet<>(lastPut.getOrDefault(id, Set.of()));
      // A conflict that ended on the server's value settled that client's write without one.
      conflictsOn(id).forEach(seen -> {
        if (seen.conflict().outcome() == Conflict.Outcome.DROPPED_LOCAL
            || Objects.equals(seen.conflict().resolved(), seen.conflict().remote())) {
          standing.remove(seen.client());
        }
      });
      assertThat(version).as("%s: a write from each client whose last put stands %s (%s)", id,
          standing, conflictsOn(id)).isGreaterThanOrEqualTo(standing.size());
    }
  }

  private List<Seen> conflictsOn(String id) {
    return conflicts.stream().filter(seen -> seen.conflict().id().equals(id)).toList();
  }

  @Override
  public String toString() {
    return STRATEGY_NAMES.get(strategy) + ", " + clientCount + " clients, " + ids.size()
        + " documents, " + steps + " steps, " + restarts + " restarts, " + cuts + " cuts, "
        + partitions + " partitions, " + conflicts.size() + " conflicts";
  }
}
