package dev.atomsync.server.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Op;
import dev.atomsync.server.spi.StoredPushResult.Applied;
import dev.atomsync.server.spi.StoredPushResult.Outcome;
import dev.atomsync.server.spi.StoredPushResult.Stale;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link Store}, run against every implementation: a subclass supplies the store.
 *
 * <p>Stores may number seqs from any start, so tests compare with the seqs a push reported.
 */
public abstract class StoreContractTest {
  protected final ManualClock clock = new ManualClock();
  protected Store store;

  /** Returns a new, empty store that takes its time from {@code clock}. */
  protected abstract Store newStore(InstantSource clock) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore(clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- push

  @Test
  void lastSeq_isZeroForEmptyStore() {
    assertThat(store.lastSeq()).isZero();
  }

  @Test
  void push_appliesNewDocAtBaseZero() {
    StoredPushResult result = store.push("todo", "alice", List.of(put("todo:1", 0, "milk")));

    Applied applied = (Applied) result.outcomes().getFirst();
    assertThat(applied.id()).isEqualTo("todo:1");
    assertThat(applied.version()).isEqualTo(1);
    assertThat(applied.seq()).isPositive().isEqualTo(result.cursor()).isEqualTo(store.lastSeq());
    assertThat(applied.repeated()).isFalse();
    assertThat(result.wroteAny()).isTrue();
    assertDoc(only(pullAll("todo")), "todo:1", "milk", 1, applied.seq());
  }

  @Test
  void push_raisesVersionByOneOnEveryWrite() {
    assertThat(pushOne(put("todo:1", 0, "a"))).extracting("version").isEqualTo(1L);
    assertThat(pushOne(put("todo:1", 1, "b"))).extracting("version").isEqualTo(2L);
    assertThat(pushOne(delete("todo:1", 2))).extracting("version").isEqualTo(3L);
    assertThat(pushOne(put("todo:1", 3, "c"))).extracting("version").isEqualTo(4L);
  }

  @Test
  void push_conflictsWhenBaseIsStale() {
    pushOne(put("todo:1", 0, "a"));
    Applied second = (Applied) pushOne(put("todo:1", 1, "b"));
    long seqBefore = store.lastSeq();

    Stale stale = (Stale) pushOne(put("todo:1", 1, "mine"));

    assertThat(stale.id()).isEqualTo("todo:1");
    assertDoc(stale.current(), "todo:1", "b", 2, second.seq());
    assertThat(store.lastSeq()).isEqualTo(seqBefore);
    assertDoc(only(pullAll("todo")), "todo:1", "b", 2, second.seq());
  }

  @Test
  void push_conflictsWhenBaseIsAheadOfVersion() {
    pushOne(put("todo:1", 0, "a"));

    Stale stale = (Stale) pushOne(put("todo:1", 5, "mine"));

    assertDoc(stale.current(), "todo:1", "a", 1, store.lastSeq());
  }

  @Test
  void push_conflictOnDocNeverSeenReportsNullDoc() {
    Outcome outcome = pushOne(put("todo:1", 3, "a"));

    assertThat(outcome).isEqualTo(new Stale("todo:1", null));
    assertThat(store.lastSeq()).isZero();
    assertThat(pullAll("todo")).isEmpty();
  }

  @Test
  void push_repeatsFirstOutcomeForKnownChangeId() {
    StoredChange first = put("todo:1", 0, "a");
    Applied original = (Applied) pushOne(first);
    pushOne(put("todo:1", 1, "b"));
    long seqBefore = store.lastSeq();

    StoredPushResult repeat = store.push("todo", "alice", List.of(first));

    assertThat(repeat.outcomes())
        .containsExactly(new Applied("todo:1", 1, original.seq(), true));
    assertThat(repeat.wroteAny()).isFalse();
    assertThat(repeat.cursor()).isEqualTo(seqBefore);
    assertThat(store.lastSeq()).isEqualTo(seqBefore);
    assertDoc(only(pullAll("todo")), "todo:1", "b", 2, seqBefore);
  }

  @Test
  void push_repeatsOutcomeOfLatestChangeIdWithoutWriting() {
    pushOne(put("todo:1", 0, "a"));
    StoredChange latest = put("todo:1", 1, "b");
    Applied original = (Applied) pushOne(latest);

    Outcome repeat = pushOne(latest);

    assertThat(repeat).isEqualTo(repeated(original));
    assertThat(store.lastSeq()).isEqualTo(original.seq());
    assertDoc(only(pullAll("todo")), "todo:1", "b", 2, original.seq());
  }

  @Test
  void push_repeatsOutcomeOfChangeIdSupersededSeveralTimes() {
    StoredChange first = put("todo:1", 0, "a");
    Applied original = (Applied) pushOne(first);
    StoredChange second = put("todo:1", 1, "b");
    Applied secondApplied = (Applied) pushOne(second);
    pushOne(delete("todo:1", 2));
    pushOne(put("todo:1", 3, "d"));

    StoredPushResult retry = store.push("todo", "alice", List.of(first, put("todo:2", 0, "x")));

    assertThat(retry.outcomes().getFirst()).isEqualTo(repeated(original));
    assertThat(pushOne(second)).isEqualTo(repeated(secondApplied));
    assertDoc(pullAll("todo").getFirst(), "todo:1", "d", 4, secondApplied.seq() + 2);
  }

  @Test
  void push_repeatsOutcomeOfSupersededDeleteAndReportsStaleForUnknownChangeInSamePush() {
    pushOne(put("todo:1", 0, "a"));
    StoredChange deletion = delete("todo:1", 1);
    Applied deleted = (Applied) pushOne(deletion);
    Applied revived = (Applied) pushOne(put("todo:1", 2, "c"));
    pushOne(put("todo:2", 0, "x"));

    StoredPushResult retry =
        store.push("todo", "alice", List.of(put("todo:2", 0, "stale"), deletion));

    assertThat(retry.outcomes().get(0)).isInstanceOf(Stale.class);
    assertDoc(((Stale) retry.outcomes().get(0)).current(), "todo:2", "x", 1, revived.seq() + 1);
    assertThat(retry.outcomes().get(1)).isEqualTo(repeated(deleted));
    assertThat(retry.wroteAny()).isFalse();
  }

  @Test
  void push_repeatsFirstOutcomeOfEachChangeOfARetriedPush() {
    List<StoredChange> changes = List.of(put("todo:1", 0, "a"), delete("todo:2", 0));
    StoredPushResult first = store.push("todo", "alice", changes);

    StoredPushResult retry = store.push("todo", "alice", changes);

    assertThat(retry.outcomes())
        .containsExactly(
            repeated((Applied) first.outcomes().get(0)),
            repeated((Applied) first.outcomes().get(1)));
    assertThat(retry.cursor()).isEqualTo(first.cursor());
  }

  @Test
  void push_findsKnownDocumentsWhateverCharactersTheirIdsHave() {
    List<String> ids =
        Stream.of("q\"uote", "back\\slash", "ctl\u0001\u001f\n\t", "emoji\uD83D\uDE00",
                "caf\u00e9", "[\"json\"]", "comma,", "\\u0041")
            .map(name -> "todo:" + name)
            .toList();
    List<StoredChange> first = new ArrayList<>();
    List<StoredChange> stale = new ArrayList<>();
    for (String id : ids) {
      first.add(put(id, 0, "a"));
      stale.add(put(id, 0, "b"));
    }
    StoredPushResult applied = store.push("todo", "alice", first);

    StoredPushResult retry = store.push("todo", "alice", first);
    StoredPushResult conflicts = store.push("todo", "alice", stale);

    for (int i = 0; i < ids.size(); i++) {
      Applied original = (Applied) applied.outcomes().get(i);
      assertThat(original.id()).isEqualTo(ids.get(i));
      assertThat(retry.outcomes().get(i)).isEqualTo(repeated(original));
      Stale conflict = (Stale) conflicts.outcomes().get(i);
      assertDoc(conflict.current(), ids.get(i), "a", 1, original.seq());
    }
    assertThat(pullAll("todo")).extracting(StoredDoc::id).containsExactlyElementsOf(ids);
  }

  @Test
  void push_deleteLeavesTombstoneWithoutValue() {
    pushOne(put("todo:1", 0, "a"));

    Applied deleted = (Applied) pushOne(delete("todo:1", 1));

    assertThat(deleted.version()).isEqualTo(2);
    StoredDoc tombstone = only(pullAll("todo"));
    assertThat(tombstone.deleted()).isTrue();
    assertThat(tombstone.value()).isNull();
    assertThat(tombstone.version()).isEqualTo(2);
    assertThat(tombstone.seq()).isEqualTo(deleted.seq());
  }

  @Test
  void push_putRevivesTombstoneAtItsVersion() {
    pushOne(put("todo:1", 0, "a"));
    pushOne(delete("todo:1", 1));

    Applied revived = (Applied) pushOne(put("todo:1", 2, "again"));

    assertThat(revived.version()).isEqualTo(3);
    assertDoc(only(pullAll("todo")), "todo:1", "again", 3, revived.seq());
  }

  @Test
  void push_putOnTombstoneWithOlderBaseConflictsWithTombstone() {
    pushOne(put("todo:1", 0, "a"));
    Applied deleted = (Applied) pushOne(delete("todo:1", 1));

    Stale stale = (Stale) pushOne(put("todo:1", 1, "mine"));

    assertThat(stale.current()).isNotNull();
    assertThat(stale.current().deleted()).isTrue();
    assertThat(stale.current().value()).isNull();
    assertThat(stale.current().version()).isEqualTo(2);
    assertThat(stale.current().seq()).isEqualTo(deleted.seq());
  }

  @Test
  void push_deleteOfDocNeverSeenCreatesTombstoneAtVersionOne() {
    Applied applied = (Applied) pushOne(delete("todo:1", 0));

    assertThat(applied.version()).isEqualTo(1);
    StoredDoc tombstone = only(pullAll("todo"));
    assertThat(tombstone.deleted()).isTrue();
    assertThat(tombstone.version()).isEqualTo(1);
  }

  @Test
  void push_deleteOfDocNeverSeenConflictsWhenBaseIsNotZero() {
    assertThat(pushOne(delete("todo:1", 1))).isEqualTo(new Stale("todo:1", null));
  }

  @Test
  void push_assignsStrictlyIncreasingSeqsAcrossGroups() {
    List<Long> seqs = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (String group : List.of("todo", "notes")) {
        StoredPushResult result =
            store.push(group, "alice", List.of(
                put(group + ":a" + round, 0, "x"), put(group + ":b" + round, 0, "y")));
        result.outcomes().forEach(o -> seqs.add(((Applied) o).seq()));
        assertThat(result.cursor()).isEqualTo(seqs.getLast());
      }
    }

    assertThat(seqs).isSorted().doesNotHaveDuplicates().hasSize(20);
    assertThat(store.lastSeq()).isEqualTo(seqs.getLast());
  }

  @Test
  void push_reportsOutcomesInChangeOrderAndWritesOnlyMatchingBases() {
    pushOne(put("todo:2", 0, "two"));

    StoredPushResult result =
        store.push("todo", "alice", List.of(
            put("todo:1", 0, "one"), put("todo:2", 0, "stale"), put("todo:3", 0, "three")));

    assertThat(result.outcomes()).extracting(Outcome::id)
        .containsExactly("todo:1", "todo:2", "todo:3");
    assertThat(result.outcomes().get(0)).isInstanceOf(Applied.class);
    assertThat(result.outcomes().get(1)).isInstanceOf(Stale.class);
    assertThat(result.outcomes().get(2)).isInstanceOf(Applied.class);
    assertThat(pullAll("todo")).extracting(d -> text(d.value()))
        .containsExactly("two", "one", "three");
  }

  @Test
  void push_cursorIsLastSeqWhenNothingWasWritten() {
    pushOne(put("notes:1", 0, "n"));
    long seqBefore = store.lastSeq();

    StoredPushResult result = store.push("todo", "alice", List.of(put("todo:1", 9, "a")));

    assertThat(result.wroteAny()).isFalse();
    assertThat(result.cursor()).isEqualTo(seqBefore);
  }

  @Test
  void push_acceptsEmptyChangeList() {
    StoredPushResult result = store.push("todo", "alice", List.of());

    assertThat(result.outcomes()).isEmpty();
    assertThat(result.cursor()).isZero();
  }

  @Test
  void push_recordsClockAsUpdatedTime() {
    pushOne(put("todo:1", 0, "a"));
    Instant later = clock.advance(Duration.ofMinutes(5));
    pushOne(put("todo:2", 0, "b"));

    assertThat(pullAll("todo")).extracting(StoredDoc::updated)
        .containsExactly(ManualClock.START, later);
  }

  @Test
  void push_keepsUpdatedTimeMonotoneWhenClockGoesBack() {
    clock.advance(Duration.ofHours(1));
    pushOne(put("todo:1", 0, "a"));
    clock.advance(Duration.ofHours(-2));
    pushOne(put("todo:2", 0, "b"));

    List<StoredDoc> docs = pullAll("todo");
    assertThat(docs.get(1).updated()).isAfterOrEqualTo(docs.get(0).updated());
  }

  @Test
  void push_keepsValueBytesExactly() {
    byte[] value = new byte[70_000];
    new Random(7).nextBytes(value);

    pushOne(new StoredChange("todo:1", Op.PUT, value, 0, UUID.randomUUID()));

    assertThat(only(pullAll("todo")).value()).isEqualTo(value);
  }

  // ---- pull

  @Test
  void push_sinceIsTheGroupsHighestSeqBeforeThePushWhateverOtherGroupsWrote() {
    assertThat(store.push("todo", "alice", List.of(put("todo:1", 0, "a"))).since()).isZero();
    long todoLast = ((Applied) pushOne(put("todo:2", 0, "b"))).seq();
    pushOne(put("notes:1", 0, "elsewhere"));

    StoredPushResult result = store.push("todo", "alice", List.of(put("todo:3", 0, "c")));

    assertThat(result.since()).isEqualTo(todoLast);
    assertThat(result.cursor()).isGreaterThan(todoLast + 1);
  }

  @Test
  void push_writtenAreExactlyWhatAPullFromSinceReturns() {
    pushOne(put("todo:1", 0, "one"));
    StoredChange retried = put("todo:2", 0, "two");
    pushOne(retried);
    pushOne(put("todo:3", 0, "three"));
    pushOne(put("notes:1", 0, "elsewhere"));
    clock.advance(Duration.ofMinutes(1));

    StoredPushResult result = store.push("todo", "alice", List.of(
        put("todo:1", 1, "one, again"), retried, put("todo:3", 0, "stale"),
        delete("todo:4", 0), put("todo:5", 0, "five")));

    StoredPage page = store.pull("todo", result.since(), 0, 100);
    assertThat(page.cursor()).isEqualTo(result.cursor());
    assertThat(result.written()).hasSize(3);
    assertThat(described(result.written())).isEqualTo(described(page.docs()));
    assertThat(result.written().getFirst().updated()).isEqualTo(clock.instant());
  }

  @Test
  void push_sinceCountsTheGroupsPurgedSeqs() {
    pushOne(put("todo:1", 0, "gone soon"));
    long deleted = ((Applied) pushOne(delete("todo:1", 1))).seq();
    clock.advance(Duration.ofHours(1));
    store.purge(clock.instant());
    assertThat(pullAll("todo")).isEmpty();

    assertThat(store.push("todo", "alice", List.of(put("todo:2", 0, "new"))).since())
        .isEqualTo(deleted);
  }

  @Test
  void push_thatWritesNothingHasNoWrittenDocsAndTheGroupsSeqAsSince() {
    long last = ((Applied) pushOne(put("todo:1", 0, "a"))).seq();

    StoredPushResult result = store.push("todo", "alice", List.of(put("todo:1", 0, "stale")));

    assertThat(result.since()).isEqualTo(last);
    assertThat(result.written()).isEmpty();
  }

  @Test
  void pull_returnsLatestStateOfEachChangedDocInSeqOrder() {
    pushOne(put("todo:1", 0, "a"));
    pushOne(put("todo:2", 0, "b"));
    pushOne(put("todo:1", 1, "a2"));

    List<StoredDoc> docs = pullAll("todo");

    assertThat(docs).extracting(StoredDoc::id).containsExactly("todo:2", "todo:1");
    assertThat(docs).extracting(StoredDoc::seq).isSorted();
    assertDoc(docs.get(1), "todo:1", "a2", 2, store.lastSeq());
  }

  @Test
  void pull_returnsOnlyDocsChangedAfterSince() {
    pushOne(put("todo:1", 0, "a"));
    long since = store.lastSeq();
    pushOne(put("todo:2", 0, "b"));

    StoredPage page = store.pull("todo", since, 0, 100);

    assertThat(page.docs()).extracting(StoredDoc::id).containsExactly("todo:2");
    assertThat(page.cursor()).isEqualTo(store.lastSeq());
    assertThat(page.more()).isFalse();
    assertThat(page.reset()).isFalse();
    assertThat(page.horizon()).isZero();
  }

  @Test
  void pull_pagesWithMoreAndCursor() {
    for (int i = 0; i < 25; i++) {
      pushOne(put("todo:" + i, 0, "v" + i));
    }

    StoredPage first = store.pull("todo", 0, 0, 10);
    StoredPage second = store.pull("todo", first.cursor(), 0, 10);
    StoredPage third = store.pull("todo", second.cursor(), 0, 10);

    assertThat(first.docs()).hasSize(10);
    assertThat(first.more()).isTrue();
    assertThat(first.cursor()).isEqualTo(first.docs().getLast().seq());
    assertThat(second.docs()).hasSize(10);
    assertThat(second.more()).isTrue();
    assertThat(third.docs()).hasSize(5);
    assertThat(third.more()).isFalse();
    assertThat(third.cursor()).isEqualTo(store.lastSeq());
    List<String> ids = new ArrayList<>();
    for (StoredPage page : List.of(first, second, third)) {
      page.docs().forEach(d -> ids.add(d.id()));
    }
    assertThat(ids).containsExactlyElementsOf(
        IntStream.range(0, 25).mapToObj(i -> "todo:" + i).toList());
  }

  @Test
  void pullToSink_handsOverThePagePullReturns() {
    pushOne(put("todo:1", 0, "a"));
    pushOne(delete("todo:2", 0));
    pushOne(put("todo:3", 0, "c"));
    for (int limit : new int[] {1, 2, 3, 10}) {
      StoredPage.Collector sink = StoredPage.collector();

      store.pull("todo", 1, 0, limit, sink);

      StoredPage expected = store.pull("todo", 1, 0, limit);
      StoredPage actual = sink.page();
      assertThat(List.of(actual.cursor(), actual.more(), actual.reset(), actual.horizon()))
          .isEqualTo(List.of(expected.cursor(), expected.more(), expected.reset(), expected.horizon()));
      assertThat(actual.docs()).extracting(StoredDoc::id)
          .isEqualTo(expected.docs().stream().map(StoredDoc::id).toList());
    }
  }

  @Test
  void pull_reportsNoMoreWhenExactlyLimitDocsRemain() {
    for (int i = 0; i < 10; i++) {
      pushOne(put("todo:" + i, 0, "v"));
    }

    StoredPage page = store.pull("todo", 0, 0, 10);

    assertThat(page.docs()).hasSize(10);
    assertThat(page.more()).isFalse();
    assertThat(page.cursor()).isEqualTo(store.lastSeq());
  }

  @Test
  void pull_returnsOnlyDocsOfTheGroup() {
    pushOne(put("todo:1", 0, "t"));
    store.push("todo2", "alice", List.of(put("todo2:1", 0, "t2")));
    store.push("notes", "alice", List.of(put("notes:todo:1", 0, "n")));

    assertThat(pullAll("todo")).extracting(StoredDoc::id).containsExactly("todo:1");
    assertThat(pullAll("todo2")).extracting(StoredDoc::id).containsExactly("todo2:1");
    assertThat(pullAll("notes")).extracting(StoredDoc::id).containsExactly("notes:todo:1");
  }

  @Test
  void pull_includesTombstones() {
    pushOne(put("todo:1", 0, "a"));
    pushOne(put("todo:2", 0, "b"));
    pushOne(delete("todo:1", 1));

    List<StoredDoc> docs = pullAll("todo");

    assertThat(docs).extracting(StoredDoc::id).containsExactly("todo:2", "todo:1");
    assertThat(docs.get(1).deleted()).isTrue();
    assertThat(docs.get(1).value()).isNull();
  }

  @Test
  void pull_keepsSinceAsCursorWhenNothingChanged() {
    pushOne(put("todo:1", 0, "a"));
    store.push("notes", "alice", List.of(put("notes:1", 0, "n")));
    long since = store.lastSeq();

    StoredPage page = store.pull("todo", since, 0, 10);

    assertThat(page.docs()).isEmpty();
    assertThat(page.cursor()).isEqualTo(since);
    assertThat(page.more()).isFalse();
  }

  @Test
  void pull_ofGroupNeverWrittenIsEmptyAtCursorZero() {
    StoredPage page = store.pull("todo", 0, 0, 10);

    assertThat(page).isEqualTo(new StoredPage(List.of(), 0, false, false, 0));
  }

  // ---- purge

  @Test
  void purge_removesTombstonesOlderThanCutoffOnly() {
    pushOne(put("todo:1", 0, "old live"));
    pushOne(put("todo:2", 0, "x"));
    pushOne(delete("todo:2", 1));
    clock.advance(Duration.ofHours(2));
    pushOne(delete("todo:3", 0));

    PurgeResult result = store.purge(ManualClock.START.plus(Duration.ofHours(1)));

    assertThat(result.tombstones()).isEqualTo(1);
    assertThat(pullAll("todo")).extracting(StoredDoc::id).containsExactly("todo:1", "todo:3");
  }

  @Test
  void purge_keepsTombstoneUpdatedExactlyAtCutoff() {
    pushOne(delete("todo:1", 0));

    PurgeResult result = store.purge(ManualClock.START);

    assertThat(result.tombstones()).isZero();
    assertThat(pullAll("todo")).hasSize(1);
  }

  @Test
  void purge_raisesHorizonToHighestPurgedSeqOfEachGroup() {
    Applied todoDeleted = (Applied) pushOne(delete("todo:1", 0));
    store.push("notes", "alice", List.of(delete("notes:1", 0)));
    Applied notesDeleted = (Applied) store.push(
        "notes", "alice", List.of(delete("notes:2", 0))).outcomes().getFirst();
    store.push("live", "alice", List.of(put("live:1", 0, "stays")));
    clock.advance(Duration.ofHours(1));

    PurgeResult result = store.purge(clock.instant());

    assertThat(result.tombstones()).isEqualTo(3);
    assertThat(result.horizons())
        .isEqualTo(Map.of("todo", todoDeleted.seq(), "notes", notesDeleted.seq()));
    assertThat(store.pull("todo", 0, 0, 10).horizon()).isEqualTo(todoDeleted.seq());
    assertThat(store.pull("notes", 0, 0, 10).horizon()).isEqualTo(notesDeleted.seq());
    assertThat(store.pull("live", 0, 0, 10).horizon()).isZero();
  }

  @Test
  void purge_neverLowersHorizon() {
    pushOne(delete("todo:1", 0));
    clock.advance(Duration.ofHours(1));
    long horizon = store.purge(clock.instant()).horizons().get("todo");

    PurgeResult again = store.purge(clock.instant());

    assertThat(again.tombstones()).isZero();
    assertThat(again.horizons()).isEmpty();
    assertThat(store.pull("todo", 0, 0, 10).horizon()).isEqualTo(horizon);
  }

  @Test
  void purge_forgetsChangeIdsRecordedBeforeCutoff() {
    StoredChange first = put("todo:1", 0, "a");
    pushOne(first);
    clock.advance(Duration.ofHours(1));

    PurgeResult result = store.purge(clock.instant());

    assertThat(result.changeIds()).isEqualTo(1);
    Stale retried = (Stale) pushOne(first);
    assertDoc(retried.current(), "todo:1", "a", 1, store.lastSeq());
  }

  @Test
  void purge_keepsChangeIdsRecordedAfterCutoff() {
    pushOne(put("todo:1", 0, "a"));
    clock.advance(Duration.ofHours(2));
    StoredChange recent = put("todo:2", 0, "b");
    Applied applied = (Applied) pushOne(recent);

    PurgeResult result = store.purge(ManualClock.START.plus(Duration.ofHours(1)));

    assertThat(result.changeIds()).isEqualTo(1);
    assertThat(pushOne(recent)).isEqualTo(repeated(applied));
  }

  @Test
  void purge_forgetsSupersededChangeIdsBeforeCutoffAndKeepsLatestAfterIt() {
    StoredChange old = put("todo:1", 0, "a");
    pushOne(old);
    clock.advance(Duration.ofHours(2));
    StoredChange recent = put("todo:1", 1, "b");
    Applied recentApplied = (Applied) pushOne(recent);

    PurgeResult result = store.purge(ManualClock.START.plus(Duration.ofHours(1)));

    assertThat(result.changeIds()).isEqualTo(1);
    assertThat(pushOne(recent)).isEqualTo(repeated(recentApplied));
    Stale retried = (Stale) pushOne(old);
    assertDoc(retried.current(), "todo:1", "b", 2, recentApplied.seq());
  }

  @Test
  void purge_countsChangeIdsOfPurgedTombstonesAndTheirHistory() {
    pushOne(put("todo:1", 0, "a"));
    pushOne(delete("todo:1", 1));
    clock.advance(Duration.ofHours(1));

    PurgeResult result = store.purge(clock.instant());

    assertThat(result.tombstones()).isEqualTo(1);
    assertThat(result.changeIds()).isEqualTo(2);
    assertThat(store.purge(clock.instant()).changeIds()).isZero();
  }

  @Test
  void purge_neverLetsSeqGoBackAfterNewestDocsArePurged() {
    pushOne(put("todo:1", 0, "a"));
    pushOne(put("todo:2", 0, "b"));
    Applied newest = (Applied) pushOne(delete("todo:2", 1));
    clock.advance(Duration.ofHours(1));
    store.purge(clock.instant());

    assertThat(store.lastSeq()).isEqualTo(newest.seq());
    Applied next = (Applied) pushOne(put("todo:3", 0, "c"));
    assertThat(next.seq()).isGreaterThan(newest.seq());
  }

  @Test
  void purge_ofEmptyStoreRemovesNothing() {
    assertThat(store.purge(clock.instant())).isEqualTo(new PurgeResult(0, 0, Map.of()));
  }

  // ---- reset after purge

  @Test
  void pull_resetsWhenSinceIsBelowHorizon() {
    Compacted group = compactedGroup();

    StoredPage page = store.pull("todo", group.firstSeq(), 0, 100);

    assertThat(page.reset()).isTrue();
    assertThat(page.horizon()).isEqualTo(group.horizon());
    assertThat(page.docs()).extracting(StoredDoc::id).containsExactly("todo:1", "todo:3", "todo:5");
    assertThat(page.docs()).noneMatch(StoredDoc::deleted);
    assertThat(page.more()).isFalse();
    assertThat(page.cursor()).isEqualTo(group.lastSeq());
  }

  @Test
  void pull_doesNotResetWhenClientHorizonReachesHorizon() {
    Compacted group = compactedGroup();

    StoredPage page = store.pull("todo", group.firstSeq(), group.horizon(), 100);

    assertThat(page.reset()).isFalse();
    assertThat(page.docs()).extracting(StoredDoc::id)
        .containsExactly("todo:3", "todo:5", "todo:6");
    assertThat(page.cursor()).isEqualTo(group.lastSeq());
  }

  @Test
  void pull_doesNotResetFromZero() {
    compactedGroup();

    StoredPage page = store.pull("todo", 0, 0, 100);

    assertThat(page.reset()).isFalse();
    assertThat(page.docs()).extracting(StoredDoc::id)
        .containsExactly("todo:1", "todo:3", "todo:5", "todo:6");
  }

  @Test
  void pull_doesNotResetWhenSinceReachesHorizon() {
    Compacted group = compactedGroup();

    StoredPage page = store.pull("todo", group.horizon(), 0, 100);

    assertThat(page.reset()).isFalse();
    assertThat(page.docs()).extracting(StoredDoc::id).containsExactly("todo:5", "todo:6");
  }

  @Test
  void pull_resetOfOneGroupLeavesOthersAlone() {
    Compacted group = compactedGroup();
    store.push("notes", "alice", List.of(put("notes:1", 0, "n")));

    StoredPage page = store.pull("notes", group.firstSeq(), 0, 100);

    assertThat(page.reset()).isFalse();
    assertThat(page.horizon()).isZero();
  }

  @Test
  void pull_pagesResetFromTheBeginningAndFinishesAtOrAboveHorizon() {
    Compacted group = compactedGroup();

    StoredPage first = store.pull("todo", group.firstSeq(), 0, 2);
    StoredPage second = store.pull("todo", first.cursor(), first.horizon(), 2);

    assertThat(first.reset()).isTrue();
    assertThat(first.more()).isTrue();
    assertThat(first.docs()).extracting(StoredDoc::id).containsExactly("todo:1", "todo:3");
    assertThat(first.cursor()).isEqualTo(first.docs().getLast().seq());
    assertThat(second.reset()).isFalse();
    assertThat(second.docs()).extracting(StoredDoc::id).containsExactly("todo:5", "todo:6");
    assertThat(second.more()).isFalse();
    assertThat(second.cursor()).isEqualTo(group.lastSeq());
  }

  @Test
  void pull_finalCursorIsNeverBelowHorizonWhenNewestChangesWerePurged() {
    Applied first = (Applied) pushOne(put("todo:1", 0, "a"));
    Applied second = (Applied) pushOne(put("todo:2", 0, "b"));
    Applied newest = (Applied) pushOne(delete("todo:2", 1));
    clock.advance(Duration.ofHours(1));
    store.purge(clock.instant());

    StoredPage fromZero = store.pull("todo", 0, 0, 10);
    StoredPage reset = store.pull("todo", first.seq(), 0, 10);
    StoredPage caughtUp = store.pull("todo", second.seq(), newest.seq(), 10);

    assertThat(fromZero.docs()).extracting(StoredDoc::id).containsExactly("todo:1");
    assertThat(fromZero.cursor()).isEqualTo(newest.seq());
    assertThat(reset.reset()).isTrue();
    assertThat(reset.cursor()).isEqualTo(newest.seq());
    assertThat(caughtUp.docs()).isEmpty();
    assertThat(caughtUp.cursor()).isEqualTo(newest.seq());
  }

  // ---- health

  @Test
  void checkHealth_returnsNormallyOnOpenStore() {
    store.checkHealth();
  }

  // ---- fixtures

  /** What {@link #compactedGroup} built: the seq of its first write, its horizon, its last seq. */
  protected record Compacted(long firstSeq, long horizon, long lastSeq) {}

  /**
   * Builds group todo and purges its tombstones of the first hour, leaving live todo:1, todo:3,
   * todo:5 and the newer tombstone todo:6.
   *
   * <pre>
   *   hour 0: put todo:1, put todo:2, delete todo:2, put todo:3, put todo:4, delete todo:4
   *   hour 2: put todo:5, delete todo:6
   *   purge before hour 1: removes the tombstones of todo:2 and todo:4; horizon = seq of the latter
   * </pre>
   */
  protected Compacted compactedGroup() {
    long firstSeq = ((Applied) pushOne(put("todo:1", 0, "one"))).seq();
    pushOne(put("todo:2", 0, "two"));
    pushOne(delete("todo:2", 1));
    pushOne(put("todo:3", 0, "three"));
    pushOne(put("todo:4", 0, "four"));
    long horizon = ((Applied) pushOne(delete("todo:4", 1))).seq();
    clock.advance(Duration.ofHours(2));
    pushOne(put("todo:5", 0, "five"));
    pushOne(delete("todo:6", 0));
    PurgeResult result = store.purge(ManualClock.START.plus(Duration.ofHours(1)));
    assertThat(result.tombstones()).isEqualTo(2);
    assertThat(result.horizons()).isEqualTo(Map.of("todo", horizon));
    return new Compacted(firstSeq, horizon, store.lastSeq());
  }

  protected static StoredChange put(String id, long base, String text) {
    return new StoredChange(id, Op.PUT, text.getBytes(UTF_8), base, UUID.randomUUID());
  }

  protected static StoredChange delete(String id, long base) {
    return new StoredChange(id, Op.DELETE, null, base, UUID.randomUUID());
  }

  /** Pushes one change to the group its id names and returns its outcome. */
  protected Outcome pushOne(StoredChange change) {
    String group = change.id().substring(0, change.id().indexOf(':'));
    return store.push(group, "alice", List.of(change)).outcomes().getFirst();
  }

  /** Pulls every page of {@code group} from the beginning. */
  protected List<StoredDoc> pullAll(String group) {
    List<StoredDoc> docs = new ArrayList<>();
    long since = 0;
    StoredPage page;
    do {
      page = store.pull(group, since, 0, 1000);
      docs.addAll(page.docs());
      since = page.cursor();
    } while (page.more());
    return docs;
  }

  protected static String text(byte @Nullable [] value) {
    return value == null ? null : new String(value, UTF_8);
  }

  /** Returns the docs as comparable text (a record's byte array compares by identity). */
  private static List<String> described(List<StoredDoc> docs) {
    return docs.stream()
        .map(d -> d.id() + " " + text(d.value()) + " v" + d.version() + " deleted " + d.deleted()
            + " seq " + d.seq() + " " + d.updated())
        .toList();
  }

  private static Applied repeated(Applied first) {
    return new Applied(first.id(), first.version(), first.seq(), true);
  }

  private static StoredDoc only(List<StoredDoc> docs) {
    assertThat(docs).hasSize(1);
    return docs.getFirst();
  }

  private static void assertDoc(
      @Nullable StoredDoc doc, String id, String text, long version, long seq) {
    assertThat(doc).isNotNull();
    assertThat(doc.id()).isEqualTo(id);
    assertThat(text(doc.value())).isEqualTo(text);
    assertThat(doc.version()).isEqualTo(version);
    assertThat(doc.deleted()).isFalse();
    assertThat(doc.seq()).isEqualTo(seq);
  }
}
