package dev.atomsync.client.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.atomsync.core.Op;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of {@link LocalStore}, the outbox's above all, run against every implementation: a
 * subclass supplies the store.
 */
public abstract class LocalStoreContractTest {
  @TempDir protected Path dir;
  protected LocalStore store;

  /** Returns a new, empty store whose files, if any, live in {@code dir}. */
  protected abstract LocalStore newStore(Path dir);

  @BeforeEach
  void openStore() {
    store = newStore(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  // ---- documents

  @Test
  void clientId_isStable() {
    assertThat(store.clientId()).isNotNull().isEqualTo(store.clientId());
  }

  @Test
  void load_returnsLocalValuesOfOneGroupSortedById() {
    store.write("todo", List.of(put("todo:2", "b"), put("todo:1", "a")));
    store.write("todos", List.of(put("todos:1", "other group")));
    store.write("to", List.of(put("to:1", "shorter group")));

    assertThat(store.load("todo")).containsOnlyKeys("todo:1", "todo:2");
    assertThat(store.load("todo").firstKey()).isEqualTo("todo:1");
    assertThat(text(store.load("todo").get("todo:2"))).isEqualTo("b");
    assertThat(store.load("todos")).containsOnlyKeys("todos:1");
    assertThat(store.load("to")).containsOnlyKeys("to:1");
    assertThat(store.load("none")).isEmpty();
  }

  @Test
  void document_ofNewDocumentHasNoBase() {
    store.write("todo", List.of(put("todo:1", "a")));

    StoredDoc doc = store.document("todo:1");

    assertThat(doc).isEqualTo(new StoredDoc("todo:1", bytes("a"), null, 0));
    assertThat(store.document("todo:9")).isNull();
  }

  @Test
  void write_ofSeveralDocumentsCommitsAll() {
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b"), put("todo:3", "c")));

    assertThat(store.load("todo")).hasSize(3);
    assertThat(store.pendingCount("todo")).isEqualTo(3);
    assertThat(store.outbox("todo")).extracting(OutboxEntry::id)
        .containsExactly("todo:1", "todo:2", "todo:3");
  }

  @Test
  void write_withRepeatedIdsAppliesThemInOrder() {
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b"), put("todo:1", "c"),
        LocalWrite.delete("todo:2"), put("todo:3", "d")));

    assertThat(store.load("todo")).containsOnlyKeys("todo:1", "todo:3");
    assertThat(text(store.load("todo").get("todo:1"))).isEqualTo("c");
    assertThat(store.document("todo:2")).isNull();
    assertThat(store.outbox("todo")).extracting(OutboxEntry::id)
        .containsExactly("todo:1", "todo:3");
    assertThat(text(store.outbox("todo").getFirst().value())).isEqualTo("c");
  }

  // ---- outbox: pending entries

  @Test
  void write_ofNewDocumentQueuesPutAtBaseZero() {
    store.write("todo", List.of(put("todo:1", "a")));

    OutboxEntry entry = only(store.outbox("todo"));
    assertThat(entry.id()).isEqualTo("todo:1");
    assertThat(entry.op()).isEqualTo(Op.PUT);
    assertThat(text(entry.value())).isEqualTo("a");
    assertThat(entry.base()).isZero();
    assertThat(entry.inFlight()).isFalse();
  }

  @Test
  void write_coalescesIntoPendingEntryKeepingChangeIdAndSeq() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry first = only(store.outbox("todo"));
    store.write("todo", List.of(put("todo:2", "x")));

    store.write("todo", List.of(put("todo:1", "b")));
    store.write("todo", List.of(put("todo:1", "c")));

    OutboxEntry coalesced = store.outbox("todo").getFirst();
    assertThat(store.outbox("todo")).hasSize(2);
    assertThat(coalesced.id()).isEqualTo("todo:1");
    assertThat(coalesced.change()).isEqualTo(first.change());
    assertThat(coalesced.seq()).isEqualTo(first.seq());
    assertThat(text(coalesced.value())).isEqualTo("c");
    assertThat(store.pendingCount("todo")).isEqualTo(2);
  }

  @Test
  void write_deleteOfDocumentServerNeverHadDropsItEntirely() {
    store.write("todo", List.of(put("todo:1", "a")));

    store.write("todo", List.of(LocalWrite.delete("todo:1")));

    assertThat(store.document("todo:1")).isNull();
    assertThat(store.outbox("todo")).isEmpty();
    assertThat(store.load("todo")).isEmpty();
  }

  @Test
  void write_deleteOfUnknownDocumentDoesNothing() {
    store.write("todo", List.of(LocalWrite.delete("todo:1")));

    assertThat(store.document("todo:1")).isNull();
    assertThat(store.outbox("todo")).isEmpty();
  }

  // ---- outbox: in flight

  @Test
  void takeForPush_marksEntriesInFlightAndARetryReturnsTheSameChanges() {
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b")));

    List<OutboxEntry> first = store.takeForPush("todo", 100);
    List<OutboxEntry> retry = store.takeForPush("todo", 100);

    assertThat(first).extracting(OutboxEntry::id).containsExactly("todo:1", "todo:2");
    assertThat(first).allMatch(OutboxEntry::inFlight);
    assertThat(retry).isEqualTo(first);
    assertThat(store.outbox("todo")).isEqualTo(first);
  }

  @Test
  void takeForPush_takesAtMostLimitInSeqOrderRetriesFirst() {
    store.write("todo", List.of(put("todo:3", "c")));
    store.write("todo", List.of(put("todo:1", "a")));
    store.write("todo", List.of(put("todo:2", "b")));

    assertThat(store.takeForPush("todo", 1)).extracting(OutboxEntry::id).containsExactly("todo:3");
    assertThat(store.takeForPush("todo", 2)).extracting(OutboxEntry::id)
        .containsExactly("todo:3", "todo:1");
    assertThat(store.takeForPush("todo", 1)).extracting(OutboxEntry::id).containsExactly("todo:3");
    assertThatThrownBy(() -> store.takeForPush("todo", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be positive: 0");
  }

  @Test
  void takeForPush_takesDocumentsWhateverCharactersTheirIdsHold() {
    List<String> ids = List.of("todo:\"quoted\"", "todo:back\\slash", "todo:\u00e9\u6f22\ud83d\ude00",
        "todo:\u0001\n", "todo:[1,2]");
    for (String id : ids) {
      store.write("todo", List.of(put(id, id)));
    }

    assertThat(store.takeForPush("todo", 10)).extracting(OutboxEntry::id)
        .containsExactlyElementsOf(ids);
  }

  @Test
  void takeMoreForPush_takesOnlyEntriesNotInFlight() {
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b")));
    List<OutboxEntry> first = store.takeForPush("todo", 1);
    store.write("todo", List.of(put("todo:3", "c")));

    List<OutboxEntry> more = store.takeMoreForPush("todo", 10);

    assertThat(first).extracting(OutboxEntry::id).containsExactly("todo:1");
    assertThat(more).extracting(OutboxEntry::id).containsExactly("todo:2", "todo:3");
    assertThat(more).allMatch(OutboxEntry::inFlight);
    assertThat(store.takeMoreForPush("todo", 10)).isEmpty();
    assertThat(store.takeForPush("todo", 10)).extracting(OutboxEntry::id)
        .containsExactly("todo:1", "todo:2", "todo:3");
  }

  @Test
  void takeMoreForPush_stopsAtAPendingEntryWhoseDocumentIsStillInFlight() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "b"), put("todo:2", "c")));

    assertThat(store.takeMoreForPush("todo", 10)).isEmpty();

    store.acknowledge("todo", List.of(ack(sent, 1)));
    assertThat(store.takeMoreForPush("todo", 10)).extracting(OutboxEntry::id)
        .containsExactly("todo:1", "todo:2");
    assertThatThrownBy(() -> store.takeMoreForPush("todo", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void takeForPush_stopsAtAPendingEntryWhoseDocumentIsStillInFlight() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "b")));
    store.write("todo", List.of(put("todo:2", "c")));

    assertThat(store.takeForPush("todo", 10)).containsExactly(sent);
    assertThat(store.outbox("todo")).extracting(OutboxEntry::id, OutboxEntry::inFlight)
        .containsExactly(tuple("todo:1", true), tuple("todo:1", false), tuple("todo:2", false));

    store.acknowledge("todo", List.of(ack(sent, 1)));

    List<OutboxEntry> next = store.takeForPush("todo", 10);
    assertThat(next).extracting(OutboxEntry::id).containsExactly("todo:1", "todo:2");
    assertThat(next).allMatch(OutboxEntry::inFlight);
    assertThat(text(next.getFirst().value())).isEqualTo("b");
    assertThat(next.getFirst().base()).isEqualTo(1);
  }

  @Test
  void acknowledge_namingAnotherDocumentIsIgnored() {
    store.write("todo", List.of(put("todo:1", "a"), put("todo:2", "b")));
    List<OutboxEntry> sent = store.takeForPush("todo", 10);

    store.acknowledge("todo", List.of(new Ack("todo:2", sent.getFirst().change(), 3)));

    assertThat(store.outbox("todo")).isEqualTo(sent);
    assertThat(store.document("todo:1").baseVersion()).isZero();
    assertThat(store.document("todo:2").baseVersion()).isZero();
  }

  @Test
  void write_whileInFlightQueuesANewChangeBehindIt() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    store.write("todo", List.of(put("todo:1", "b")));
    store.write("todo", List.of(put("todo:1", "c")));

    List<OutboxEntry> entries = store.outbox("todo");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0)).isEqualTo(sent);
    OutboxEntry pending = entries.get(1);
    assertThat(pending.inFlight()).isFalse();
    assertThat(pending.change()).isNotEqualTo(sent.change());
    assertThat(text(pending.value())).isEqualTo("c");
    assertThat(store.pendingCount("todo")).isEqualTo(1);
    assertThat(store.takeForPush("todo", 10)).containsExactly(sent);
    assertThat(text(store.load("todo").get("todo:1"))).isEqualTo("c");
  }

  @Test
  void acknowledge_removesEntryAndSetsBase() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));

    assertThat(store.outbox("todo")).isEmpty();
    assertThat(store.pendingCount("todo")).isZero();
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", bytes("a"), bytes("a"), 1));
  }

  @Test
  void acknowledge_keepsNewerEditAndRebasesIt() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "b")));
    UUID newer = store.outbox("todo").get(1).change();

    store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));

    OutboxEntry pending = only(store.outbox("todo"));
    assertThat(pending.change()).isEqualTo(newer);
    assertThat(pending.base()).isEqualTo(1);
    assertThat(text(pending.value())).isEqualTo("b");
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", bytes("b"), bytes("a"), 1));
    OutboxEntry next = only(store.takeForPush("todo", 10));
    assertThat(next.change()).isEqualTo(newer);
    assertThat(next.inFlight()).isTrue();
  }

  @Test
  void acknowledge_ofChangeNotInFlightIsIgnored() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));
    store.write("todo", List.of(put("todo:1", "b")));
    OutboxEntry pending = only(store.outbox("todo"));

    store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 7), new Ack(pending.id(), pending.change(), 8),
        new Ack("todo:1", UUID.randomUUID(), 9)));

    assertThat(store.outbox("todo")).containsExactly(pending);
    assertThat(store.document("todo:1").baseVersion()).isEqualTo(1);
  }

  @Test
  void delete_ofAcknowledgedDocumentQueuesDeleteOnItsBase() {
    store.write("todo", List.of(put("todo:1", "a")));
    store.acknowledge("todo", List.of(ack(only(store.takeForPush("todo", 10)), 4)));

    store.write("todo", List.of(LocalWrite.delete("todo:1")));

    OutboxEntry entry = only(store.outbox("todo"));
    assertThat(entry.op()).isEqualTo(Op.DELETE);
    assertThat(entry.value()).isNull();
    assertThat(entry.base()).isEqualTo(4);
    assertThat(store.load("todo")).isEmpty();
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, bytes("a"), 4));
  }

  @Test
  void delete_whileCreateInFlightQueuesDeleteRebasedByTheAck() {
    store.write("todo", List.of(put("todo:1", "a")));
    OutboxEntry create = only(store.takeForPush("todo", 10));

    store.write("todo", List.of(LocalWrite.delete("todo:1")));
    store.acknowledge("todo", List.of(new Ack(create.id(), create.change(), 1)));

    OutboxEntry delete = only(store.outbox("todo"));
    assertThat(delete.op()).isEqualTo(Op.DELETE);
    assertThat(delete.base()).isEqualTo(1);
  }

  @Test
  void acknowledgedDelete_leavesTombstoneBaseForARecreate() {
    store.write("todo", List.of(put("todo:1", "a")));
    store.acknowledge("todo", List.of(ack(only(store.takeForPush("todo", 10)), 1)));
    store.write("todo", List.of(LocalWrite.delete("todo:1")));
    store.acknowledge("todo", List.of(ack(only(store.takeForPush("todo", 10)), 2)));

    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, null, 2));
    assertThat(store.pendingCount("todo")).isZero();

    store.write("todo", List.of(put("todo:1", "again")));
    assertThat(only(store.outbox("todo")).base()).isEqualTo(2);
  }

  @Test
  void groups_haveSeparateOutboxes() {
    store.write("todo", List.of(put("todo:1", "a")));
    store.write("settings", List.of(put("settings:1", "s"), put("settings:2", "t")));

    assertThat(store.pendingCount("todo")).isEqualTo(1);
    assertThat(store.pendingCount("settings")).isEqualTo(2);
    assertThat(store.takeForPush("todo", 10)).extracting(OutboxEntry::id).containsExactly("todo:1");
    assertThat(store.outbox("settings")).noneMatch(OutboxEntry::inFlight);
  }

  @Test
  void close_isIdempotentAndLaterCallsFail() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.load("todo"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.write("todo", List.of(put("todo:1", "a"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.pendingCount("todo")).isInstanceOf(IllegalStateException.class);
  }

  // ---- server state: pull position

  @Test
  void position_isStartBeforeTheFirstPull() {
    assertThat(store.position("todo")).isEqualTo(PullPosition.START);
  }

  @Test
  void applyPull_setsThePositionOfItsGroupOnly() {
    store.applyPull("todo", List.of(), new PullPosition(41, 7), false);
    store.applyPull("todo", List.of(remote("todo:1", "a", 1)), new PullPosition(42, 7), false);

    assertThat(store.position("todo")).isEqualTo(new PullPosition(42, 7));
    assertThat(store.position("settings")).isEqualTo(PullPosition.START);
  }

  @Test
  void applyPull_withANullDocumentChangesNothing() {
    List<RemoteDoc> page = Arrays.asList(remote("todo:1", "a", 1), null);

    assertThatThrownBy(() -> store.applyPull("todo", page, new PullPosition(5, 0), false))
        .isInstanceOf(NullPointerException.class);

    assertThat(store.position("todo")).isEqualTo(PullPosition.START);
    assertThat(store.document("todo:1")).isNull();
  }

  // ---- server state: pulled documents without outbox entries

  @Test
  void applyPull_setsBaseAndLocalValueOfDocumentWithoutEntries() {
    List<LocalChange> changes = pull(remote("todo:1", "a", 3), remote("todo:2", "b", 1));

    assertThat(changes).containsExactly(
        new LocalChange("todo:1", bytes("a")), new LocalChange("todo:2", bytes("b")));
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("a"), bytes("a"), 3));
    assertThat(store.load("todo")).containsOnlyKeys("todo:1", "todo:2");
    assertThat(store.outbox("todo")).isEmpty();
  }

  @Test
  void applyPull_ignoresStateNotNewerThanTheBase() {
    pull(remote("todo:1", "a", 3));

    List<LocalChange> changes =
        pull(remote("todo:1", "same version", 3), remote("todo:1", "old", 2));

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("a"), bytes("a"), 3));
  }

  @Test
  void applyPull_reportsNoChangeWhenTheLocalValueStaysTheSame() {
    acked("todo:1", "a", 1);

    List<LocalChange> changes = pull(remote("todo:1", "a", 2));

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("a"), bytes("a"), 2));
  }

  @Test
  void applyPull_tombstoneKeepsTheRowAtItsVersion() {
    pull(remote("todo:1", "a", 1));

    List<LocalChange> changes = pull(tombstone("todo:1", 2));

    assertThat(changes).containsExactly(new LocalChange("todo:1", null));
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, null, 2));
    assertThat(store.load("todo")).isEmpty();
  }

  @Test
  void applyPull_tombstoneOfUnknownDocumentKeepsItsVersionWithoutAChange() {
    List<LocalChange> changes = pull(tombstone("todo:1", 4));

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, null, 4));
  }

  @Test
  void applyPull_tombstoneThenLocalPutIsBasedOnTheTombstoneVersion() {
    pull(remote("todo:1", "a", 1));
    pull(tombstone("todo:1", 2));

    store.write("todo", List.of(put("todo:1", "again")));

    OutboxEntry entry = only(store.outbox("todo"));
    assertThat(entry.op()).isEqualTo(Op.PUT);
    assertThat(entry.base()).isEqualTo(2);
  }

  // ---- server state: pulled documents with outbox entries

  @Test
  void applyPull_keepsLocalEditAndBaseOfDocumentWithPendingEntry() {
    acked("todo:1", "a", 1);
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry pending = only(store.outbox("todo"));

    List<LocalChange> changes = pull(remote("todo:1", "theirs", 2));

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("mine"), bytes("a"), 1, bytes("theirs"), 2));
    assertThat(store.outbox("todo")).containsExactly(pending);
    assertThat(text(store.load("todo").get("todo:1"))).isEqualTo("mine");
  }

  @Test
  void applyPull_keepsLocalValueOfDocumentInFlight() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    List<LocalChange> changes = pull(tombstone("todo:1", 3));

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("mine"), null, 0, null, 3));
    assertThat(store.outbox("todo")).containsExactly(sent);
  }

  @Test
  void applyPull_keepsTheNewestRemoteStateOnly() {
    acked("todo:1", "a", 2);
    store.write("todo", List.of(put("todo:1", "mine")));

    pull(remote("todo:1", "base again", 2));
    assertThat(store.document("todo:1").hasRemote()).isFalse();
    pull(remote("todo:1", "v4", 4));
    pull(remote("todo:1", "v3", 3));
    assertThat(store.document("todo:1").remoteVersion()).isEqualTo(4);
    pull(remote("todo:1", "v5", 5));

    StoredDoc doc = store.document("todo:1");
    assertThat(text(doc.remoteValue())).isEqualTo("v5");
    assertThat(doc.remoteVersion()).isEqualTo(5);
    assertThat(doc.baseVersion()).isEqualTo(2);
  }

  @Test
  void write_deleteOfNewDocumentTheServerHasMeanwhileQueuesTheDelete() {
    store.write("todo", List.of(put("todo:1", "mine")));
    pull(remote("todo:1", "theirs", 3));

    store.write("todo", List.of(LocalWrite.delete("todo:1")));

    OutboxEntry entry = only(store.outbox("todo"));
    assertThat(entry.op()).isEqualTo(Op.DELETE);
    assertThat(entry.base()).isZero();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", null, null, 0, bytes("theirs"), 3));
  }

  // ---- server state: reset

  @Test
  void applyPull_resetDropsOnlyDocumentsWithoutEntriesMissingFromTheSet() {
    pull(remote("todo:1", "kept", 1), remote("todo:2", "purged", 1), tombstone("todo:3", 2));
    store.write("todo", List.of(put("todo:4", "unpushed")));
    store.write("settings", List.of(put("settings:1", "other group")));

    List<LocalChange> changes = store.applyPull("todo",
        List.of(remote("todo:1", "kept", 1), remote("todo:5", "new", 3)),
        new PullPosition(9, 9), true);

    assertThat(changes).containsExactly(
        new LocalChange("todo:5", bytes("new")), new LocalChange("todo:2", null));
    assertThat(store.load("todo")).containsOnlyKeys("todo:1", "todo:4", "todo:5");
    assertThat(store.document("todo:2")).isNull();
    assertThat(store.document("todo:3")).isNull();
    assertThat(only(store.outbox("todo")).id()).isEqualTo("todo:4");
    assertThat(store.load("settings")).containsOnlyKeys("settings:1");
    assertThat(store.position("todo")).isEqualTo(new PullPosition(9, 9));
  }

  @Test
  void applyPull_resetKeepsDocumentsInFlight() {
    acked("todo:1", "a", 1);
    store.write("todo", List.of(LocalWrite.delete("todo:1")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    List<LocalChange> changes = store.applyPull("todo", List.of(), new PullPosition(9, 9), true);

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, bytes("a"), 1));
    assertThat(store.outbox("todo")).containsExactly(sent);
  }

  @Test
  void applyPull_withoutResetKeepsDocumentsMissingFromThePage() {
    pull(remote("todo:1", "a", 1));

    assertThat(pull(remote("todo:2", "b", 2)))
        .containsExactly(new LocalChange("todo:2", bytes("b")));

    assertThat(store.load("todo")).containsOnlyKeys("todo:1", "todo:2");
  }

  // ---- server state: late acknowledgements

  @Test
  void acknowledge_afterPullOfANewerWriteTakesTheRemoteState() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    assertThat(pull(remote("todo:1", "theirs", 2))).isEmpty();

    List<LocalChange> changes = store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));

    assertThat(changes).containsExactly(new LocalChange("todo:1", bytes("theirs")));
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("theirs"), bytes("theirs"), 2));
    assertThat(store.outbox("todo")).isEmpty();
  }

  @Test
  void acknowledge_afterPullOfANewerTombstoneDeletesTheDocument() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    pull(tombstone("todo:1", 2));

    List<LocalChange> changes = store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));

    assertThat(changes).containsExactly(new LocalChange("todo:1", null));
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, null, 2));
    assertThat(store.load("todo")).isEmpty();
  }

  @Test
  void acknowledge_withPendingEntryRebasesItAndKeepsTheRemoteStateUntilSettled() {
    store.write("todo", List.of(put("todo:1", "first")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "second")));
    pull(remote("todo:1", "theirs", 2));

    List<LocalChange> changes = store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1")).isEqualTo(
        new StoredDoc("todo:1", bytes("second"), bytes("first"), 1, bytes("theirs"), 2));
    OutboxEntry retry = only(store.takeForPush("todo", 10));
    assertThat(retry.base()).isEqualTo(1);

    store.settle("todo", retry.change(), remote("todo:1", "theirs", 2), Resolution.keepLocal());

    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("second"), bytes("theirs"), 2));
    OutboxEntry again = only(store.outbox("todo"));
    assertThat(again.base()).isEqualTo(2);
    assertThat(text(again.value())).isEqualTo("second");
  }

  @Test
  void acknowledge_ofAWholePushAppliesEachCaseAndReturnsChangesInAckOrder() {
    store.write("todo", List.of(put("todo:1", "plain"), put("todo:2", "mine"),
        put("todo:3", "first"), put("todo:4", "mine too")));
    List<OutboxEntry> sent = store.takeForPush("todo", 10);
    store.write("todo", List.of(put("todo:3", "second")));
    pull(remote("todo:4", "theirs too", 3), remote("todo:2", "theirs", 2));
    Map<String, UUID> changeOf = new HashMap<>();
    for (OutboxEntry entry : sent) {
      changeOf.put(entry.id(), entry.change());
    }

    List<LocalChange> changes = store.acknowledge("todo", List.of(
        new Ack("todo:4", changeOf.get("todo:4"), 1), new Ack("todo:1", UUID.randomUUID(), 5),
        new Ack("todo:1", changeOf.get("todo:1"), 1), new Ack("todo:3", changeOf.get("todo:3"), 1),
        new Ack("todo:2", changeOf.get("todo:2"), 1)));

    assertThat(changes).containsExactly(
        new LocalChange("todo:4", bytes("theirs too")), new LocalChange("todo:2", bytes("theirs")));
    assertThat(store.document("todo:1")).isEqualTo(
        new StoredDoc("todo:1", bytes("plain"), bytes("plain"), 1));
    assertThat(store.document("todo:2")).isEqualTo(
        new StoredDoc("todo:2", bytes("theirs"), bytes("theirs"), 2));
    assertThat(store.document("todo:3")).isEqualTo(
        new StoredDoc("todo:3", bytes("second"), bytes("first"), 1));
    assertThat(store.document("todo:4")).isEqualTo(
        new StoredDoc("todo:4", bytes("theirs too"), bytes("theirs too"), 3));
    OutboxEntry pending = only(store.outbox("todo"));
    assertThat(pending.id()).isEqualTo("todo:3");
    assertThat(pending.base()).isEqualTo(1);
  }

  @Test
  void acknowledge_clearsARemoteStateTheAcknowledgedVersionCaughtUpWith() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    pull(remote("todo:1", "mine", 1));

    List<LocalChange> changes = store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), 1)));

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("mine"), bytes("mine"), 1));
  }

  // ---- server state: settling conflicts

  @Test
  void settle_takeServerDropsEveryLocalEdit() {
    store.write("todo", List.of(put("todo:1", "first")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "second")));

    List<LocalChange> changes = store.settle(
        "todo", sent.change(), remote("todo:1", "server", 4), Resolution.takeServer());

    assertThat(changes).containsExactly(new LocalChange("todo:1", bytes("server")));
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("server"), bytes("server"), 4));
    assertThat(store.outbox("todo")).isEmpty();
  }

  @Test
  void settle_takeServerOfTombstoneDeletesTheDocumentLocally() {
    acked("todo:1", "a", 1);
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    List<LocalChange> changes =
        store.settle("todo", sent.change(), tombstone("todo:1", 3), Resolution.takeServer());

    assertThat(changes).containsExactly(new LocalChange("todo:1", null));
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, null, 3));
    assertThat(store.outbox("todo")).isEmpty();
  }

  @Test
  void settle_keepLocalPushesTheLocalValueOnTheServerVersionUnderANewChangeId() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    List<LocalChange> changes = store.settle(
        "todo", sent.change(), remote("todo:1", "server", 4), Resolution.keepLocal());

    assertThat(changes).isEmpty();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("mine"), bytes("server"), 4));
    OutboxEntry again = only(store.outbox("todo"));
    assertThat(again.inFlight()).isFalse();
    assertThat(again.op()).isEqualTo(Op.PUT);
    assertThat(text(again.value())).isEqualTo("mine");
    assertThat(again.base()).isEqualTo(4);
    assertThat(again.change()).isNotEqualTo(sent.change());
  }

  @Test
  void settle_keepLocalRebasesThePendingEntryKeepingItsChangeId() {
    store.write("todo", List.of(put("todo:1", "first")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(LocalWrite.delete("todo:1")));
    OutboxEntry pending = store.outbox("todo").get(1);

    store.settle("todo", sent.change(), remote("todo:1", "server", 4), Resolution.keepLocal());

    assertThat(store.outbox("todo")).containsExactly(new OutboxEntry(
        pending.seq(), "todo:1", Op.DELETE, null, 4, pending.change(), false));
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", null, bytes("server"), 4));
  }

  @Test
  void settle_pushSetsTheLocalValueAndPushesIt() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    List<LocalChange> changes = store.settle("todo", sent.change(),
        remote("todo:1", "server", 4), Resolution.push(bytes("merged")));

    assertThat(changes).containsExactly(new LocalChange("todo:1", bytes("merged")));
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("merged"), bytes("server"), 4));
    OutboxEntry again = only(store.outbox("todo"));
    assertThat(text(again.value())).isEqualTo("merged");
    assertThat(again.base()).isEqualTo(4);
  }

  @Test
  void settle_pushReplacesThePendingEntryKeepingItsChangeIdAndSeq() {
    store.write("todo", List.of(put("todo:1", "first")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "second")));
    OutboxEntry pending = store.outbox("todo").get(1);

    List<LocalChange> changes = store.settle("todo", sent.change(),
        remote("todo:1", "server", 4), Resolution.push(bytes("merged")));

    assertThat(changes).containsExactly(new LocalChange("todo:1", bytes("merged")));
    assertThat(store.outbox("todo")).containsExactly(new OutboxEntry(
        pending.seq(), "todo:1", Op.PUT, bytes("merged"), 4, pending.change(), false));
  }

  @Test
  void settle_buildsOnTheNewerOfServerAndRemoteState() {
    store.write("todo", List.of(put("todo:1", "mine"), put("todo:2", "mine")));
    List<OutboxEntry> sent = store.takeForPush("todo", 10);
    pull(remote("todo:1", "pulled", 5), remote("todo:2", "pulled", 3));

    store.settle("todo", sent.get(0).change(),
        remote("todo:1", "server", 4), Resolution.keepLocal());
    store.settle("todo", sent.get(1).change(),
        remote("todo:2", "server", 4), Resolution.keepLocal());

    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("mine"), bytes("pulled"), 5));
    assertThat(store.document("todo:2"))
        .isEqualTo(new StoredDoc("todo:2", bytes("mine"), bytes("server"), 4));
    assertThat(store.outbox("todo")).extracting(OutboxEntry::base).containsExactly(5L, 4L);
  }

  @Test
  void settle_ofLocalValueEqualToTheServersLeavesNoEntry() {
    store.write("todo", List.of(put("todo:1", "first")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "same")));

    List<LocalChange> changes = store.settle(
        "todo", sent.change(), remote("todo:1", "same", 4), Resolution.keepLocal());

    assertThat(changes).isEmpty();
    assertThat(store.outbox("todo")).isEmpty();
    assertThat(store.document("todo:1"))
        .isEqualTo(new StoredDoc("todo:1", bytes("same"), bytes("same"), 4));
  }

  @Test
  void settle_ofDeleteOnAServerTombstoneLeavesNoEntry() {
    acked("todo:1", "a", 1);
    store.write("todo", List.of(LocalWrite.delete("todo:1")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    List<LocalChange> changes =
        store.settle("todo", sent.change(), tombstone("todo:1", 3), Resolution.keepLocal());

    assertThat(changes).isEmpty();
    assertThat(store.outbox("todo")).isEmpty();
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", null, null, 3));
  }

  @Test
  void settle_ofDeleteOfDocumentTheServerDoesNotHaveDropsIt() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    List<LocalChange> changes = store.settle(
        "todo", sent.change(), RemoteDoc.absent("todo:1"), Resolution.push(null));

    assertThat(changes).containsExactly(new LocalChange("todo:1", null));
    assertThat(store.outbox("todo")).isEmpty();
    assertThat(store.document("todo:1")).isNull();
    assertThat(store.pendingCount("todo")).isZero();
  }

  @Test
  void settle_ofChangeNotInFlightIsIgnored() {
    store.write("todo", List.of(put("todo:1", "first")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.write("todo", List.of(put("todo:1", "second")));
    List<OutboxEntry> outbox = store.outbox("todo");
    StoredDoc doc = store.document("todo:1");
    RemoteDoc server = remote("todo:1", "server", 4);

    assertThat(store.settle("todo", UUID.randomUUID(), server, Resolution.takeServer())).isEmpty();
    assertThat(store.settle("todo", outbox.get(1).change(), server, Resolution.takeServer()))
        .isEmpty();

    assertThat(store.outbox("todo")).isEqualTo(outbox).contains(sent);
    assertThat(store.document("todo:1")).isEqualTo(doc);
  }

  @Test
  void settle_withAnotherDocumentsServerStateFailsAndChangesNothing() {
    store.write("todo", List.of(put("todo:1", "mine")));
    OutboxEntry sent = only(store.takeForPush("todo", 10));

    assertThatThrownBy(() -> store.settle(
        "todo", sent.change(), remote("todo:2", "other", 4), Resolution.takeServer()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("todo:2")
        .hasMessageContaining("todo:1");

    assertThat(store.outbox("todo")).containsExactly(sent);
    assertThat(store.document("todo:1")).isEqualTo(new StoredDoc("todo:1", bytes("mine"), null, 0));
  }

  // ---- helpers

  /** Applies a page of group "todo" without reset, at a position past the others. */
  protected List<LocalChange> pull(RemoteDoc... docs) {
    PullPosition at = store.position("todo");
    return store.applyPull(
        "todo", List.of(docs), new PullPosition(at.cursor() + 1, at.horizon()), false);
  }

  /** Writes {@code id} and has the server acknowledge it at {@code version}. */
  protected void acked(String id, String value, long version) {
    store.write("todo", List.of(put(id, value)));
    OutboxEntry sent = only(store.takeForPush("todo", 10));
    store.acknowledge("todo", List.of(new Ack(sent.id(), sent.change(), version)));
  }

  protected static RemoteDoc remote(String id, String value, long version) {
    return new RemoteDoc(id, bytes(value), version);
  }

  protected static RemoteDoc tombstone(String id, long version) {
    return new RemoteDoc(id, null, version);
  }

  protected static LocalWrite put(String id, String value) {
    return LocalWrite.put(id, bytes(value));
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  protected static @Nullable String text(byte @Nullable [] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  /** Returns the server's acknowledgement of {@code sent} at {@code version}. */
  protected static Ack ack(OutboxEntry sent, long version) {
    return new Ack(sent.id(), sent.change(), version);
  }

  protected static <T> T only(List<T> list) {
    assertThat(list).hasSize(1);
    return list.getFirst();
  }
}
