package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static dev.atomsync.server.testing.Wire.without;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.testing.OpenServerTest;
import dev.atomsync.server.testing.TransitHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /sync} over HTTP: versions, conflicts, tombstones, idempotent retries. */
class PushTest extends OpenServerTest {
  @Test
  void push_newDocumentAtBaseZeroIsOkWithVersionOne() {
    Reply reply = http.push("todo", put("todo:1", "milk", 0));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/transit+json");
    Map<?, ?> result = result(reply, 0);
    assertThat(field(result, "id")).isEqualTo("todo:1");
    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    assertThat(field(result, "version")).isEqualTo(1L);
    assertThat(longField(result, "seq")).isPositive();
  }

  @Test
  void push_answersOneResultPerChangeInRequestOrder() {
    Reply reply =
        http.push("todo", put("todo:b", "b", 0), put("todo:a", "a", 0), put("todo:c", "c", 0));

    List<?> results = (List<?>) reply.get("results");
    assertThat(results).extracting(r -> field(r, "id")).containsExactly("todo:b", "todo:a", "todo:c");
    assertThat(results).extracting(r -> field(r, "seq")).doesNotHaveDuplicates();
  }

  @Test
  void push_cursorIsAtLeastEverySeqItAssigned() {
    Reply reply = http.push("todo", put("todo:1", "x", 0), put("todo:2", "y", 0));

    long cursor = longField(reply.map(), "cursor");
    assertThat(cursor).isGreaterThanOrEqualTo(longField(result(reply, 0), "seq"));
    assertThat(cursor).isGreaterThanOrEqualTo(longField(result(reply, 1), "seq"));
  }

  @Test
  void push_seqsIncreaseAcrossGroups() {
    long first = longField(http.pushOne("todo", put("todo:1", "x", 0)), "seq");
    long second = longField(http.pushOne("notes", put("notes:1", "y", 0)), "seq");
    long third = longField(http.pushOne("todo", put("todo:2", "z", 0)), "seq");

    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  void push_updateOnCurrentVersionRaisesVersionByOne() {
    http.pushOne("todo", put("todo:1", "v1", 0));

    Map<?, ?> result = http.pushOne("todo", put("todo:1", "v2", 1));

    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    assertThat(field(result, "version")).isEqualTo(2L);
    assertThat(field(http.pullAll("todo").get("todo:1"), "value")).isEqualTo("v2");
  }

  @Test
  void push_conflictsWhenBaseIsStale() {
    http.pushOne("todo", put("todo:1", "v1", 0));
    Map<?, ?> current = http.pushOne("todo", put("todo:1", "v2", 1));

    Map<?, ?> result = http.pushOne("todo", put("todo:1", "stale edit", 1));

    assertThat(field(result, "status")).isEqualTo(kw("conflict"));
    Map<?, ?> doc = (Map<?, ?>) field(result, "doc");
    assertThat(field(doc, "id")).isEqualTo("todo:1");
    assertThat(field(doc, "value")).isEqualTo("v2");
    assertThat(field(doc, "version")).isEqualTo(2L);
    assertThat(field(doc, "deleted")).isEqualTo(false);
    assertThat(field(doc, "seq")).isEqualTo(field(current, "seq"));
    assertThat(field(doc, "updated")).isInstanceOf(Date.class);
    assertThat(field(http.pullAll("todo").get("todo:1"), "value")).isEqualTo("v2");
  }

  @Test
  void push_conflictsWhenBaseIsAheadOfServer() {
    http.pushOne("todo", put("todo:1", "v1", 0));

    Map<?, ?> result = http.pushOne("todo", put("todo:1", "from the future", 5));

    assertThat(field(result, "status")).isEqualTo(kw("conflict"));
    assertThat(field(field(result, "doc"), "version")).isEqualTo(1L);
  }

  @Test
  void push_conflictsWhenCreatingADocumentThatExists() {
    http.pushOne("todo", put("todo:1", "first", 0));

    Map<?, ?> result = http.pushOne("todo", put("todo:1", "second", 0));

    assertThat(field(result, "status")).isEqualTo(kw("conflict"));
    assertThat(field(field(result, "doc"), "value")).isEqualTo("first");
  }

  @Test
  void push_conflictOnNeverSeenDocumentHasNilDoc() {
    Map<?, ?> result = http.pushOne("todo", put("todo:ghost", "x", 3));

    assertThat(field(result, "status")).isEqualTo(kw("conflict"));
    assertThat(result.containsKey(kw("doc"))).isTrue();
    assertThat(field(result, "doc")).isNull();
    assertThat(http.pullAll("todo")).isEmpty();
  }

  @Test
  void delete_leavesTombstoneInPulls() {
    http.pushOne("todo", put("todo:1", "x", 0));

    Map<?, ?> result = http.pushOne("todo", delete("todo:1", 1));

    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    assertThat(field(result, "version")).isEqualTo(2L);
    Map<?, ?> tombstone = http.pullAll("todo").get("todo:1");
    assertThat(field(tombstone, "deleted")).isEqualTo(true);
    assertThat(tombstone.containsKey(kw("value"))).isTrue();
    assertThat(field(tombstone, "value")).isNull();
    assertThat(field(tombstone, "version")).isEqualTo(2L);
    assertThat(field(tombstone, "seq")).isEqualTo(field(result, "seq"));
  }

  @Test
  void delete_conflictsWhenBaseIsStale() {
    http.pushOne("todo", put("todo:1", "v1", 0));
    http.pushOne("todo", put("todo:1", "v2", 1));

    Map<?, ?> result = http.pushOne("todo", delete("todo:1", 1));

    assertThat(field(result, "status")).isEqualTo(kw("conflict"));
    assertThat(field(http.pullAll("todo").get("todo:1"), "deleted")).isEqualTo(false);
  }

  @Test
  void put_onTombstoneWithItsVersionRevivesDocument() {
    http.pushOne("todo", put("todo:1", "x", 0));
    http.pushOne("todo", delete("todo:1", 1));

    Map<?, ?> result = http.pushOne("todo", put("todo:1", "back", 2));

    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    assertThat(field(result, "version")).isEqualTo(3L);
    Map<?, ?> doc = http.pullAll("todo").get("todo:1");
    assertThat(field(doc, "deleted")).isEqualTo(false);
    assertThat(field(doc, "value")).isEqualTo("back");
    assertThat(field(doc, "version")).isEqualTo(3L);
  }

  @Test
  void put_onTombstoneWithStaleBaseConflictsWithTheTombstone() {
    http.pushOne("todo", put("todo:1", "x", 0));
    http.pushOne("todo", delete("todo:1", 1));

    Map<?, ?> result = http.pushOne("todo", put("todo:1", "recreate", 0));

    assertThat(field(result, "status")).isEqualTo(kw("conflict"));
    Map<?, ?> doc = (Map<?, ?>) field(result, "doc");
    assertThat(field(doc, "deleted")).isEqualTo(true);
    assertThat(field(doc, "value")).isNull();
    assertThat(field(doc, "version")).isEqualTo(2L);
  }

  @Test
  void retry_repeatsFirstOutcomeAndWritesNothing() {
    UUID change = UUID.randomUUID();
    Map<?, ?> first = http.pushOne("todo", put("todo:1", "x", 0, change));

    Reply retry = http.push("todo", put("todo:1", "x", 0, change));

    assertThat(result(retry, 0)).isEqualTo(first);
    Map<?, ?> doc = http.pullAll("todo").get("todo:1");
    assertThat(field(doc, "version")).isEqualTo(1L);
    assertThat(field(doc, "seq")).isEqualTo(field(first, "seq"));
    assertThat(server.server().service().store().lastSeq()).isEqualTo(field(first, "seq"));
  }

  @Test
  void retry_afterLaterWriteRepeatsFirstOutcome() {
    UUID change = UUID.randomUUID();
    Map<?, ?> first = http.pushOne("todo", put("todo:1", "v1", 0, change));
    Map<?, ?> later = http.pushOne("todo", put("todo:1", "v2", 1));

    Map<?, ?> retry = http.pushOne("todo", put("todo:1", "v1", 0, change));

    assertThat(retry).isEqualTo(first);
    Map<?, ?> doc = http.pullAll("todo").get("todo:1");
    assertThat(field(doc, "value")).isEqualTo("v2");
    assertThat(field(doc, "version")).isEqualTo(2L);
    assertThat(server.server().service().store().lastSeq()).isEqualTo(field(later, "seq"));
  }

  @Test
  void retry_ofDeleteRepeatsFirstOutcome() {
    http.pushOne("todo", put("todo:1", "x", 0));
    UUID change = UUID.randomUUID();
    Map<?, ?> first = http.pushOne("todo", delete("todo:1", 1, change));

    Map<?, ?> retry = http.pushOne("todo", delete("todo:1", 1, change));

    assertThat(retry).isEqualTo(first);
    assertThat(field(http.pullAll("todo").get("todo:1"), "version")).isEqualTo(2L);
  }

  @Test
  void retry_ofWholePushRepeatsEveryOutcome() {
    List<Map<Object, Object>> changes =
        List.of(put("todo:1", "a", 0), put("todo:2", "b", 0), put("todo:3", "c", 0));
    Reply first = http.push("todo", changes);

    Reply retry = http.push("todo", changes);

    assertThat(retry.get("results")).isEqualTo(first.get("results"));
    assertThat(http.pullAll("todo")).hasSize(3);
  }

  @Test
  void push_keepsGroupsApart() {
    http.push("a", put("a:1", "in a", 0), put("a:2", "in a", 0));
    http.push("ab", put("ab:1", "in ab", 0));
    http.push("b", put("b:1", "in b", 0));

    assertThat(http.pullAll("a")).containsOnlyKeys("a:1", "a:2");
    assertThat(http.pullAll("ab")).containsOnlyKeys("ab:1");
    assertThat(http.pullAll("b")).containsOnlyKeys("b:1");
    assertThat(http.pullAll("c")).isEmpty();
  }

  @Test
  void push_sameIdsInDifferentGroupsAreDifferentDocuments() {
    http.pushOne("a", put("a:x", "first", 0));

    Map<?, ?> result = http.pushOne("a.b", put("a.b:x", "second", 0));

    assertThat(field(result, "version")).isEqualTo(1L);
    assertThat(field(http.pullAll("a").get("a:x"), "value")).isEqualTo("first");
  }

  @Test
  void push_validatesEveryChangeBeforeApplyingAny() {
    Reply reply = http.push("todo", put("todo:good", "x", 0), put("other:bad", "y", 0));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(http.pullAll("todo")).isEmpty();
    assertThat(http.pullAll("other")).isEmpty();
  }

  @Test
  void push_withInvalidLastChangeAppliesNoneOfTheValidOnes() {
    Map<Object, Object> missingBase = without(put("todo:3", "z", 0), "base");

    Reply reply = http.push("todo", put("todo:1", "x", 0), put("todo:2", "y", 0), missingBase);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(http.pullAll("todo")).isEmpty();
    assertThat(server.server().service().store().lastSeq()).isZero();
  }

  @Test
  void push_withMixedOutcomesAppliesTheCurrentOnes() {
    http.pushOne("todo", put("todo:1", "v1", 0));

    Reply reply = http.push("todo", put("todo:1", "stale", 0), put("todo:2", "new", 0));

    assertThat(field(result(reply, 0), "status")).isEqualTo(kw("conflict"));
    assertThat(field(result(reply, 1), "status")).isEqualTo(kw("ok"));
    assertThat(http.pullAll("todo")).containsOnlyKeys("todo:1", "todo:2");
  }

  @Test
  void push_withNoChangesIsOkAndWritesNothing() {
    long seq = longField(http.pushOne("todo", put("todo:1", "x", 0)), "seq");

    Reply reply = http.push("todo", List.of());

    assertThat(reply.status()).isEqualTo(200);
    assertThat((List<?>) reply.get("results")).isEmpty();
    assertThat(longField(reply.map(), "cursor")).isGreaterThanOrEqualTo(seq);
    assertThat(server.server().service().store().lastSeq()).isEqualTo(seq);
  }

  @Test
  void push_acceptsAnIdOfExactly512Bytes() {
    String id = "todo:" + "é".repeat(253) + "x";
    assertThat(id.getBytes(StandardCharsets.UTF_8)).hasSize(512);

    Map<?, ?> result = http.pushOne("todo", put(id, "long id", 0));

    assertThat(field(result, "status")).isEqualTo(kw("ok"));
    assertThat(http.pullAll("todo")).containsOnlyKeys(id);
  }

  private static Map<?, ?> result(Reply reply, int index) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return (Map<?, ?>) ((List<?>) reply.get("results")).get(index);
  }
}
