package dev.atomsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.AtomSync;
import dev.atomsync.client.DocMap;
import dev.atomsync.client.SyncedAtom;
import dev.atomsync.core.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The edit log finds the changed documents without scanning, and agrees with a full scan. */
class DiffTest {
  private static final int HELD = 100_000;

  private static DocMap held(int count) {
    TreeMap<String, Object> docs = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      docs.put("big:" + i, (long) i);
    }
    return RealDocMap.ofSorted(docs);
  }

  @Test
  void candidateDerivedFromCurrent_comparesOnlyTouchedIds() {
    DocMap current = held(HELD);

    Diff diff = Diff.between(current, current.plus("big:1", "x").minus("big:2").plus("big:new", 1L));

    assertThat(diff.scanned()).isFalse();
    assertThat(diff.changes()).containsExactly(
        new Diff.Changed("big:1", "x"), new Diff.Changed("big:2", null),
        new Diff.Changed("big:new", 1L));
  }

  @Test
  void editsThatCancelOut_areNoChange() {
    DocMap current = held(10);

    Diff diff = Diff.between(current,
        current.plus("big:new", 1L).minus("big:new").plus("big:1", 1L).plus("big:2", "x")
            .plus("big:2", 2L));

    assertThat(diff.scanned()).isFalse();
    assertThat(diff.changes()).isEmpty();
  }

  @Test
  void unrelatedCandidate_isScanned() {
    DocMap current = held(10);

    Diff fresh = Diff.between(current, DocMap.copyOf(Map.of("big:1", 1L)));
    Diff stale = Diff.between(current.plus("big:x", 1L), current.plus("big:y", 2L));

    assertThat(fresh.scanned()).isTrue();
    assertThat(fresh.changes()).hasSize(9);
    assertThat(stale.scanned()).isTrue();
    assertThat(stale.changes()).containsExactlyInAnyOrder(
        new Diff.Changed("big:y", 2L), new Diff.Changed("big:x", null));
  }

  @Test
  void atom_diffsItsSwapsWithoutScanning() {
    SyncedAtom atom = AtomSync.inMemory().atom("big");
    RealSyncedAtom real = (RealSyncedAtom) atom;

    for (int i = 0; i < 100; i++) {
      int n = i;
      atom.swap(m -> m.plus("big:" + n, (long) n));
      atom.update("big:" + (n / 2), v -> v + "!");
    }
    DocMap stale = atom.deref();
    atom.compareAndSet(stale, stale.minus("big:1"));
    assertThat(real.fullScans()).isZero();

    atom.reset(DocMap.copyOf(Map.of("big:1", 1L)));
    atom.reset(stale.plus("big:x", 1L)); // derived from a value the atom no longer holds
    assertThat(real.fullScans()).isEqualTo(2);
    assertThat(atom.deref()).isEqualTo(stale.plus("big:x", 1L));
  }

  @Test
  void editLog_agreesWithFullScan_onRandomEdits() {
    for (long seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      DocMap current = held(random.nextInt(20));
      DocMap candidate = current;
      int edits = random.nextInt(12);
      for (int e = 0; e < edits; e++) {
        String id = "big:" + random.nextInt(25);
        candidate = switch (random.nextInt(5)) {
          case 0, 1 -> candidate.plus(id, (long) random.nextInt(3));
          case 2 -> candidate.minus(id);
          case 3 -> candidate.plusAll(Map.of(id, "v" + random.nextInt(2), "big:" + random.nextInt(25) + "b", 0L));
          default -> candidate.minusAll(List.of(id, "big:" + random.nextInt(25)));
        };
      }

      Diff diff = Diff.between(current, candidate);

      assertThat(diff.scanned()).as("seed %d", seed).isEqualTo(false);
      assertThat(diff.changes()).as("seed %d", seed).isEqualTo(bruteForce(current, candidate));
    }
  }

  private static List<Diff.Changed> bruteForce(DocMap current, DocMap candidate) {
    TreeSet<String> ids = new TreeSet<>(current.keySet());
    ids.addAll(candidate.keySet());
    List<Diff.Changed> changes = new ArrayList<>();
    for (String id : ids) {
      if (!Objects.equals(current.get(id), candidate.get(id))) {
        changes.add(new Diff.Changed(id, candidate.get(id)));
      }
    }
    return changes;
  }
}
