package dev.atomsync.client.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.core.Op;
import java.nio.file.Path;
import java.util.List;
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

    store.acknowledge("todo", List.of(new Ack(sent.change(), 1)));

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

    store.acknowledge("todo", List.of(new Ack(sent.change(), 1)));

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
    store.acknowledge("todo", List.of(new Ack(sent.change(), 1)));
    store.write("todo", List.of(put("todo:1", "b")));
    OutboxEntry pending = only(store.outbox("todo"));

    store.acknowledge("todo", List.of(new Ack(sent.change(), 7), new Ack(pending.change(), 8),
        new Ack(UUID.randomUUID(), 9)));

    assertThat(store.outbox("todo")).containsExactly(pending);
    assertThat(store.document("todo:1").baseVersion()).isEqualTo(1);
  }

  @Test
  void delete_ofAcknowledgedDocumentQueuesDeleteOnItsBase() {
    store.write("todo", List.of(put("todo:1", "a")));
    store.acknowledge("todo", List.of(new Ack(only(store.takeForPush("todo", 10)).change(), 4)));

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
    store.acknowledge("todo", List.of(new Ack(create.change(), 1)));

    OutboxEntry delete = only(store.outbox("todo"));
    assertThat(delete.op()).isEqualTo(Op.DELETE);
    assertThat(delete.base()).isEqualTo(1);
  }

  @Test
  void acknowledgedDelete_leavesTombstoneBaseForARecreate() {
    store.write("todo", List.of(put("todo:1", "a")));
    store.acknowledge("todo", List.of(new Ack(only(store.takeForPush("todo", 10)).change(), 1)));
    store.write("todo", List.of(LocalWrite.delete("todo:1")));
    store.acknowledge("todo", List.of(new Ack(only(store.takeForPush("todo", 10)).change(), 2)));

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

  // ---- helpers

  protected static LocalWrite put(String id, String value) {
    return LocalWrite.put(id, bytes(value));
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  protected static @Nullable String text(byte @Nullable [] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  protected static <T> T only(List<T> list) {
    assertThat(list).hasSize(1);
    return list.getFirst();
  }
}
