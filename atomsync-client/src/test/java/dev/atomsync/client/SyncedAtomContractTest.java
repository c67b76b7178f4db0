package dev.atomsync.client;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.atomsync.client.testing.WatchRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantics of {@link SyncedAtom} (those of {@code clojure.lang.Atom} plus write-through), run
 * against every kind of store: a subclass opens the {@link AtomSync}.
 */
abstract class SyncedAtomContractTest {
  @TempDir Path dir;
  AtomSync db;
  SyncedAtom todos;

  /** Returns a new, empty {@link AtomSync} whose files, if any, live in {@code dir}. */
  abstract AtomSync open(Path dir);

  @BeforeEach
  void openAtom() {
    db = open(dir);
    todos = db.atom("todo");
  }

  @AfterEach
  void close() {
    db.close();
  }

  // ---- deref, swap

  @Test
  void deref_ofNewGroupIsEmptyAndStable() {
    assertThat(todos.deref()).isEmpty();
    assertThat(todos.deref()).isSameAs(todos.deref());
    assertThat(todos.group()).isEqualTo("todo");
    assertThat(todos.options()).isEqualTo(SyncOptions.localOnly());
  }

  @Test
  void swap_setsAndReturnsTheFunctionsResult() {
    Map<Object, Object> doc = Map.of(kw("text"), "Buy milk", kw("tags"), Set.of(kw("groceries")));

    DocMap milk = todos.swap(m -> m.plus("todo:1", doc));

    assertThat(milk).containsOnlyKeys("todo:1");
    assertThat(todos.deref()).isSameAs(milk);
    assertThat(todos.get("todo:1")).isSameAs(doc);
  }

  @Test
  void swap_retriesWhenAnotherThreadWins() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger validations = new AtomicInteger();
    todos.setValidator(m -> validations.incrementAndGet() > 0);
    validations.set(0);
    List<DocMap> seen = new ArrayList<>();

    DocMap result = todos.swap(m -> {
      seen.add(m);
      if (calls.incrementAndGet() == 1) {
        runInOtherThread(() -> todos.put("todo:2", "bread"));
      }
      return m.plus("todo:1", "milk");
    });

    assertThat(calls).hasValue(2);
    assertThat(validations).hasValue(3); // put once, swap once per attempt
    assertThat(seen.get(1)).containsOnlyKeys("todo:2");
    assertThat(result).containsOnly(entry("todo:1", "milk"), entry("todo:2", "bread"));
    assertThat(todos.pendingCount()).isEqualTo(2);
  }

  @Test
  void swapVals_returnsReplacedAndSetValues() {
    DocMap before = todos.put("todo:1", "milk");

    Swap swap = todos.swapVals(m -> m.minus("todo:1").plus("todo:2", "bread"));

    assertThat(swap.oldValue()).isSameAs(before);
    assertThat(swap.newValue()).isSameAs(todos.deref()).containsOnlyKeys("todo:2");
  }

  @Test
  void swap_ofNullResultFailsAndChangesNothing() {
    DocMap before = todos.put("todo:1", "milk");

    assertThatThrownBy(() -> todos.swap(m -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("swap function returned null");
    assertThat(todos.deref()).isSameAs(before);
  }

  @Test
  void swap_exceptionOfFunctionPropagatesAndChangesNothing() {
    DocMap before = todos.put("todo:1", "milk");
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> todos.swap(m -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(todos.deref()).isSameAs(before);
  }

  // ---- reset, compareAndSet

  @Test
  void reset_replacesEveryDocument() {
    todos.put("todo:1", "milk");
    todos.put("todo:2", "bread");
    DocMap fresh = DocMap.copyOf(Map.of("todo:3", "eggs"));

    assertThat(todos.reset(fresh)).isSameAs(fresh);

    assertThat(todos.deref()).isSameAs(fresh);
    assertThat(todos.pendingCount()).isEqualTo(1); // todo:1, todo:2 never synced: nothing to push
  }

  @Test
  void resetVals_returnsReplacedValue() {
    DocMap before = todos.put("todo:1", "milk");

    Swap swap = todos.resetVals(DocMap.empty());

    assertThat(swap.oldValue()).isSameAs(before);
    assertThat(swap.newValue()).isSameAs(DocMap.empty()).isSameAs(todos.deref());
  }

  @Test
  void compareAndSet_setsOnlyWhenCurrentValueIsTheSameObject() {
    DocMap v0 = todos.deref();
    DocMap v1 = todos.put("todo:1", "milk");
    DocMap equalCopy = DocMap.copyOf(v1);
    assertThat(equalCopy).isEqualTo(v1).isNotSameAs(v1);

    assertThat(todos.compareAndSet(v0, v0.plus("todo:2", "x"))).isFalse();
    assertThat(todos.compareAndSet(equalCopy, equalCopy.plus("todo:2", "x"))).isFalse();
    assertThat(todos.deref()).isSameAs(v1);

    DocMap v2 = v1.plus("todo:2", "bread");
    assertThat(todos.compareAndSet(v1, v2)).isTrue();
    assertThat(todos.deref()).isSameAs(v2);
    assertThat(todos.compareAndSet(v2, v2.minus("todo:1"))).isTrue();
    assertThat(todos.deref()).containsOnlyKeys("todo:2");
  }

  @Test
  void compareAndSet_runsValidatorFirstEvenWhenExpectedIsStale() {
    DocMap stale = todos.deref();
    todos.put("todo:1", "milk");
    todos.setValidator(m -> !m.containsKey("todo:bad"));

    assertThatThrownBy(() -> todos.compareAndSet(stale, stale.plus("todo:bad", 1L)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Invalid reference state");
  }

  // ---- validators

  @Test
  void validator_rejectingLeavesValueUnchangedAndWritesNothing() {
    DocMap before = todos.put("todo:1", "milk");
    todos.setValidator(m -> m.size() <= 1);
    WatchRecorder watch = new WatchRecorder();
    todos.addWatch("w", watch);

    assertThatThrownBy(() -> todos.swap(m -> m.plus("todo:2", "bread")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Invalid reference state")
        .hasMessageContaining("\"todo\"");
    assertThatThrownBy(() -> todos.reset(DocMap.copyOf(Map.of("todo:1", "a", "todo:2", "b"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> todos.put("todo:2", "bread"))
        .isInstanceOf(IllegalStateException.class);

    assertThat(todos.deref()).isSameAs(before);
    assertThat(todos.pendingCount()).isEqualTo(1);
    watch.assertExhausted();
    assertThat(todos.put("todo:1", "oat milk")).containsOnly(entry("todo:1", "oat milk"));
  }

  @Test
  void validator_exceptionPropagatesAsThrown() {
    IllegalArgumentException veto = new IllegalArgumentException("no bread");
    todos.setValidator(m -> {
      if (m.containsKey("todo:bread")) {
        throw veto;
      }
      return true;
    });

    assertThatThrownBy(() -> todos.put("todo:bread", "x")).isSameAs(veto);
    assertThat(todos.deref()).isEmpty();
  }

  @Test
  void setValidator_checksCurrentValueFirst() {
    todos.put("todo:1", "milk");

    assertThatThrownBy(() -> todos.setValidator(DocMap::isEmpty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Invalid reference state");

    assertThat(todos.validator()).isNull();
    todos.put("todo:2", "bread");
    assertThat(todos.deref()).hasSize(2);
  }

  @Test
  void setValidator_installsAndNullRemoves() {
    java.util.function.Predicate<DocMap> small = m -> m.size() < 2;
    todos.setValidator(small);
    assertThat(todos.validator()).isSameAs(small);

    todos.setValidator(null);
    assertThat(todos.validator()).isNull();
    todos.swap(m -> m.plus("todo:1", 1L).plus("todo:2", 2L));
    assertThat(todos.deref()).hasSize(2);
  }

  // ---- watches

  @Test
  void watch_calledAfterChangeOnCallingThreadWithOldAndNewValue() {
    WatchRecorder watch = new WatchRecorder();
    List<DocMap> derefInWatch = new ArrayList<>();
    todos.addWatch("recorder", watch);
    todos.addWatch("deref", (key, atom, oldValue, newValue) -> derefInWatch.add(atom.deref()));
    DocMap before = todos.deref();

    DocMap after = todos.put("todo:1", "milk");

    WatchRecorder.Call call = watch.take();
    assertThat(call.key()).isEqualTo("recorder");
    assertThat(call.atom()).isSameAs(todos);
    assertThat(call.oldValue()).isSameAs(before);
    assertThat(call.newValue()).isSameAs(after);
    assertThat(call.thread()).isSameAs(Thread.currentThread());
    assertThat(derefInWatch).containsExactly(after);
    watch.assertExhausted();
  }

  @Test
  void watch_calledForEveryKindOfChange() {
    WatchRecorder watch = new WatchRecorder();
    todos.addWatch("w", watch);
    DocMap v0 = todos.deref();

    DocMap v1 = todos.swap(m -> m.plus("todo:1", 1L));
    DocMap v2 = todos.swapVals(m -> m.plus("todo:2", 2L)).newValue();
    DocMap v3 = todos.reset(v2.minus("todo:1"));
    DocMap v4 = todos.resetVals(v3.plus("todo:3", 3L)).newValue();
    DocMap v5 = v4.plus("todo:4", 4L);
    todos.compareAndSet(v4, v5);
    DocMap v6 = todos.put("todo:5", 5L);
    DocMap v7 = todos.update("todo:5", n -> (Long) n + 1);
    DocMap v8 = todos.remove("todo:5");

    List<DocMap> values = List.of(v0, v1, v2, v3, v4, v5, v6, v7, v8);
    for (int i = 1; i < values.size(); i++) {
      WatchRecorder.Call call = watch.take();
      assertThat(call.oldValue()).isSameAs(values.get(i - 1));
      assertThat(call.newValue()).isSameAs(values.get(i));
    }
    watch.assertExhausted();
  }

  @Test
  void watch_calledEvenWhenValueStaysTheSame() {
    DocMap before = todos.put("todo:1", "milk");
    WatchRecorder watch = new WatchRecorder();
    todos.addWatch("w", watch);

    todos.swap(m -> m);
    todos.swap(m -> m.plus("todo:1", "milk"));

    WatchRecorder.Call call = watch.take();
    assertThat(call.oldValue()).isSameAs(before);
    assertThat(call.newValue()).isSameAs(before);
    watch.take();
    watch.assertExhausted();
  }

  @Test
  void addWatch_underSameKeyReplacesKeepingOrder() {
    List<String> calls = new ArrayList<>();
    todos.addWatch("a", (k, atom, o, n) -> calls.add("a1"));
    todos.addWatch("b", (k, atom, o, n) -> calls.add("b"));
    todos.addWatch("a", (k, atom, o, n) -> calls.add("a2"));

    todos.put("todo:1", 1L);

    assertThat(calls).containsExactly("a2", "b");
  }

  @Test
  void removeWatch_stopsCallsAndSaysWhetherThereWasOne() {
    WatchRecorder watch = new WatchRecorder();
    todos.addWatch(kw("log"), watch);

    assertThat(todos.removeWatch(kw("log"))).isTrue();
    assertThat(todos.removeWatch(kw("log"))).isFalse();
    todos.put("todo:1", 1L);

    watch.assertExhausted();
  }

  @Test
  void registration_removesOnlyTheWatchItAdded() {
    WatchRecorder first = new WatchRecorder();
    WatchRecorder second = new WatchRecorder();
    Registration firstHandle = todos.addWatch("w", first);
    todos.addWatch("w", second);

    firstHandle.remove();
    todos.put("todo:1", 1L);
    second.take();

    Registration handle = todos.addWatch("w", first);
    todos.put("todo:2", 2L);
    first.take();
    handle.close();
    handle.close();
    todos.put("todo:3", 3L);
    first.assertExhausted();
    second.assertExhausted();
  }

  @Test
  void watch_exceptionPropagatesAfterChangeAndSkipsLaterWatches() {
    WatchRecorder later = new WatchRecorder();
    todos.addWatch("throws", (k, atom, o, n) -> {
      throw new IllegalStateException("watch failed");
    });
    todos.addWatch("later", later);

    assertThatThrownBy(() -> todos.put("todo:1", "milk"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("watch failed");

    assertThat(todos.deref()).containsOnly(entry("todo:1", "milk"));
    assertThat(todos.pendingCount()).isEqualTo(1);
    later.assertExhausted();
  }

  // ---- per-document methods

  @Test
  void putGetUpdateRemove() {
    todos.put("todo:1", "milk");
    assertThat(todos.get("todo:1")).isEqualTo("milk");
    assertThat(todos.get("todo:2")).isNull();

    todos.update("todo:n", n -> n == null ? 1L : (Long) n + 1);
    todos.update("todo:n", n -> n == null ? 1L : (Long) n + 1);
    assertThat(todos.get("todo:n")).isEqualTo(2L);

    todos.update("todo:n", n -> null);
    assertThat(todos.deref()).doesNotContainKey("todo:n");

    todos.remove("todo:1");
    todos.remove("todo:1");
    assertThat(todos.deref()).isEmpty();
  }

  @Test
  void perDocumentMethods_rejectIdsOutsideGroupBeforeRunning() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> todos.put("other:1", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"other:1\"")
        .hasMessageContaining("\"todo\"");
    assertThatThrownBy(() -> todos.update("todo", v -> calls.incrementAndGet()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> todos.remove("todos:1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> todos.put("todo:1", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("todo:1");

    assertThat(calls).hasValue(0);
    assertThat(todos.deref()).isEmpty();
  }

  // ---- rejected changes change nothing

  @Test
  void swap_withKeyOutsideGroupFailsAndChangesNothing() {
    DocMap before = todos.put("todo:1", "milk");
    WatchRecorder watch = new WatchRecorder();
    todos.addWatch("w", watch);

    assertThatThrownBy(() -> todos.swap(m -> m.plus("todo:2", "fine").plus("other:1", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"other:1\"")
        .hasMessageContaining("group \"todo\"");
    assertThatThrownBy(() -> todos.reset(DocMap.copyOf(Map.of("todo:1", "a", "other:2", "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"other:2\"");

    assertThat(todos.deref()).isSameAs(before);
    assertThat(todos.pendingCount()).isEqualTo(1);
    watch.assertExhausted();
  }

  @Test
  void swap_withUnencodableValueFailsAndChangesNothing() {
    DocMap before = todos.put("todo:1", "milk");
    WatchRecorder watch = new WatchRecorder();
    todos.addWatch("w", watch);

    assertThatThrownBy(() -> todos.swap(m -> m.plus("todo:2", "fine")
            .plus("todo:3", Map.of(kw("thread"), Thread.currentThread()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"todo:3\"")
        .hasMessageContaining("java.lang.Thread");

    assertThat(todos.deref()).isSameAs(before);
    assertThat(todos.pendingCount()).isEqualTo(1);
    watch.assertExhausted();
  }

  // ---- outbox

  @Test
  void pendingCount_countsEditedDocumentsOnce() {
    todos.put("todo:1", "milk");
    todos.put("todo:1", "oat milk");
    todos.update("todo:1", v -> v + "!");
    assertThat(todos.pendingCount()).isEqualTo(1);

    todos.put("todo:2", "bread");
    assertThat(todos.pendingCount()).isEqualTo(2);
  }

  @Test
  void removingDocumentTheServerNeverSaw_leavesNothingToPush() {
    todos.put("todo:1", "milk");
    todos.remove("todo:1");

    assertThat(todos.pendingCount()).isZero();
  }

  // ---- many threads

  @Test
  void concurrentSwaps_loseNoUpdate() throws Exception {
    int threads = 8;
    int increments = 1000;
    ConcurrentLinkedQueue<long[]> watched = new ConcurrentLinkedQueue<>();
    todos.addWatch("count", (key, atom, oldValue, newValue) ->
        watched.add(new long[] {count(oldValue), count(newValue)}));
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < increments; i++) {
            todos.update("todo:counter", n -> n == null ? 1L : (Long) n + 1);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    long total = (long) threads * increments;
    assertThat(todos.get("todo:counter")).isEqualTo(total);
    assertThat(watched).hasSize((int) total);
    assertThat(watched).allSatisfy(call -> assertThat(call[1]).isEqualTo(call[0] + 1));
    assertThat(watched.stream().mapToLong(call -> call[0]).sorted())
        .containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
    assertThat(todos.pendingCount()).isEqualTo(1);
  }

  private static long count(DocMap value) {
    Object n = value.get("todo:counter");
    return n == null ? 0 : (Long) n;
  }

  // ---- atoms of a store

  @Test
  void atom_ofSameGroupIsSameAtom() {
    assertThat(db.atom("todo")).isSameAs(todos);
    assertThat(db.atom("todo", SyncOptions.localOnly())).isSameAs(todos);
  }

  @Test
  void atom_ofSameGroupWithOtherOptionsFails() {
    SyncOptions remote = SyncOptions.server(java.net.URI.create("http://localhost:8090/sync"));

    assertThatThrownBy(() -> db.atom("todo", remote))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"todo\" is already open with other options");
  }

  @Test
  void atom_withInvalidGroupFails() {
    assertThatThrownBy(() -> db.atom("to do"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"to do\"");
  }

  @Test
  void atomsOfOneStore_keepTheirGroupsApart() {
    SyncedAtom settings = db.atom("settings");
    todos.put("todo:1", "milk");
    settings.put("settings:theme", kw("dark"));

    assertThat(todos.deref()).containsOnlyKeys("todo:1");
    assertThat(settings.deref()).containsOnly(entry("settings:theme", kw("dark")));
    assertThat(settings.pendingCount()).isEqualTo(1);
    assertThatThrownBy(() -> settings.put("todo:2", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void close_keepsLastValueAndRefusesChanges() {
    DocMap last = todos.put("todo:1", "milk");

    db.close();
    db.close();

    assertThat(todos.deref()).isSameAs(last);
    assertThatThrownBy(() -> todos.put("todo:2", "bread"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(todos.deref()).isSameAs(last);
    assertThatThrownBy(() -> todos.pendingCount()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> db.atom("settings"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  static void runInOtherThread(Runnable task) {
    Thread thread = new Thread(task);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
