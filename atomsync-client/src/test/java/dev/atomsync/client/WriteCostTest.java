package dev.atomsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.internal.InMemoryLocalStore;
import dev.atomsync.client.testing.CountingLocalStore;
import dev.atomsync.core.Codec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A change writes only the documents it changes, however many the atom holds: observed through a
 * store that records every id written. (That the diff itself does not scan is checked in {@code
 * internal.DiffTest}.) The atom is filled once for all tests, which touch ids of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteCostTest {
  private static final int HELD = 100_000;

  private final CountingLocalStore store = new CountingLocalStore(new InMemoryLocalStore());
  private SyncedAtom big;

  @BeforeAll
  void fill() {
    big = AtomSync.open(store, Codec.standard()).atom("big");
    Map<String, Object> docs = new TreeMap<>();
    for (int i = 0; i < HELD; i++) {
      docs.put("big:" + i, (long) i);
    }
    big.swap(m -> m.plusAll(docs));
    assertThat(store.writes()).hasSize(1);
    assertThat(store.writes().getFirst()).hasSize(HELD);
  }

  @BeforeEach
  void forgetWrites() {
    store.clear();
  }

  @Test
  void changeOfOneDocument_writesOnlyIt() {
    big.swap(m -> m.plus("big:42", "changed"));
    big.put("big:43", "changed");
    big.update("big:44", n -> (Long) n + 1);
    big.remove("big:45");

    assertThat(store.writes()).containsExactly(
        List.of("big:42"), List.of("big:43"), List.of("big:44"), List.of("big:45"));
    assertThat(big.deref()).doesNotContainKey("big:45").containsKey("big:46");
  }

  @Test
  void changeOfSomeDocuments_writesThemInOneCommit() {
    big.swap(m -> m.plus("big:7", "a").minus("big:8").plus("big:new", "b").plus("big:9", 9L));

    assertThat(store.writes()).containsExactly(List.of("big:7", "big:8", "big:new"));
  }

  @Test
  void unrelatedNewValue_isDiffedButStillWritesOnlyWhatChanged() {
    Map<String, Object> copy = new TreeMap<>(big.deref());
    copy.put("big:100", "changed");
    copy.remove("big:101");

    big.reset(DocMap.copyOf(copy));

    assertThat(store.writes()).containsExactly(List.of("big:100", "big:101"));
  }

  @Test
  void unchangedValue_writesNothing() {
    big.swap(m -> m);
    big.swap(m -> m.plus("big:200", 200L));
    big.swap(m -> m.plus("big:x", "temporary").minus("big:x"));

    assertThat(store.writes()).isEmpty();
  }
}
