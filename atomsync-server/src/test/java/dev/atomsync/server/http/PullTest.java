package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.testing.OpenServerTest;
import dev.atomsync.server.testing.TransitHttp.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /sync} over HTTP: document fields, cursors and paging. */
class PullTest extends OpenServerTest {
  @Test
  void pull_returnsDocumentWithVersionDeletedSeqAndUpdated() {
    Instant before = Instant.now().minusSeconds(60);
    Map<?, ?> pushed = http.pushOne("todo", put("todo:1", "milk", 0));

    Reply reply = http.pull("todo", "since=0");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsOnlyKeys(kw("docs"), kw("cursor"), kw("more"), kw("reset"), kw("horizon"));
    List<?> docs = (List<?>) reply.get("docs");
    assertThat(docs).hasSize(1);
    Map<?, ?> doc = (Map<?, ?>) docs.get(0);
    assertThat(field(doc, "id")).isEqualTo("todo:1");
    assertThat(field(doc, "value")).isEqualTo("milk");
    assertThat(field(doc, "version")).isEqualTo(1L);
    assertThat(field(doc, "deleted")).isEqualTo(false);
    assertThat(field(doc, "seq")).isEqualTo(field(pushed, "seq"));
    assertThat(field(doc, "updated")).isInstanceOf(Date.class);
    assertThat(((Date) field(doc, "updated")).toInstant()).isAfter(before);
    assertThat(reply.get("cursor")).isEqualTo(field(pushed, "seq"));
    assertThat(reply.get("more")).isEqualTo(false);
    assertThat(reply.get("reset")).isEqualTo(false);
    assertThat(reply.get("horizon")).isEqualTo(0L);
  }

  @Test
  void pull_sinceDefaultsToZero() {
    http.push("todo", put("todo:1", "a", 0), put("todo:2", "b", 0));

    Reply withoutSince = http.pull("todo");

    assertThat(withoutSince.map()).isEqualTo(http.pull("todo", "since=0").map());
    assertThat((List<?>) withoutSince.get("docs")).hasSize(2);
  }

  @Test
  void pull_sinceSkipsChangesAtOrBeforeIt() {
    long first = longField(http.pushOne("todo", put("todo:1", "a", 0)), "seq");
    http.pushOne("todo", put("todo:2", "b", 0));

    Reply reply = http.pull("todo", "since=" + first);

    assertThat((List<?>) reply.get("docs")).extracting(d -> field(d, "id")).containsExactly("todo:2");
  }

  @Test
  void pull_returnsOnlyTheLatestStateOfAnOftenChangedDocument() {
    http.pushOne("todo", put("todo:1", "v1", 0));
    http.pushOne("todo", put("todo:2", "other", 0));
    http.pushOne("todo", put("todo:1", "v2", 1));
    http.pushOne("todo", put("todo:1", "v3", 2));

    List<?> docs = (List<?>) http.pull("todo").get("docs");

    assertThat(docs).extracting(d -> field(d, "id")).containsExactly("todo:2", "todo:1");
    assertThat(field(docs.get(1), "value")).isEqualTo("v3");
    assertThat(field(docs.get(1), "version")).isEqualTo(3L);
  }

  @Test
  void pull_ordersDocumentsBySeq() {
    for (int i = 0; i < 10; i++) {
      http.pushOne("todo", put("todo:" + (9 - i), i, 0));
    }

    List<?> docs = (List<?>) http.pull("todo").get("docs");

    assertThat(docs).extracting(d -> longField(d, "seq")).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void pull_cursorOfLastPageIsTheGroupsHighestSeq() {
    long inTodo = longField(http.pushOne("todo", put("todo:1", "a", 0)), "seq");
    http.pushOne("notes", put("notes:1", "b", 0));

    Reply reply = http.pull("todo");

    assertThat(reply.get("cursor")).isEqualTo(inTodo);
    assertThat(reply.get("more")).isEqualTo(false);
  }

  @Test
  void pull_acceptsGroupNamesOfEveryAllowedCharacterAndLength() {
    String group = "Az09._-" + "x".repeat(121);
    http.pushOne(group, put(group + ":1", "a", 0));

    assertThat(http.pullAll(group)).containsOnlyKeys(group + ":1");
  }

  @Test
  void pull_ofEmptyGroupHasNoDocsAndNoMore() {
    http.pushOne("todo", put("todo:1", "a", 0));

    Reply reply = http.pull("empty");

    assertThat(reply.status()).isEqualTo(200);
    assertThat((List<?>) reply.get("docs")).isEmpty();
    assertThat(reply.get("more")).isEqualTo(false);
    assertThat(reply.get("reset")).isEqualTo(false);
  }

  @Test
  void pull_pagesWithLimitWithoutRepeatingOrMissingDocuments() {
    Set<String> written = new HashSet<>();
    for (int batch = 0; batch < 5; batch++) {
      List<Map<Object, Object>> changes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = "todo:" + batch + "-" + i;
        changes.add(put(id, i, 0));
        written.add(id);
      }
      http.push("todo", changes);
    }
    http.pushOne("todo", put("todo:0-0", "updated", 1));

    List<String> received = new ArrayList<>();
    List<Boolean> mores = new ArrayList<>();
    long since = 0;
    for (int page = 0; page < 100; page++) {
      Reply reply = http.pull("todo", "since=" + since + "&limit=7");
      List<?> docs = (List<?>) reply.get("docs");
      assertThat(docs.size()).isLessThanOrEqualTo(7);
      docs.forEach(d -> received.add((String) field(d, "id")));
      long cursor = longField(reply.map(), "cursor");
      assertThat(cursor).isGreaterThan(since);
      since = cursor;
      mores.add((Boolean) reply.get("more"));
      if (!(Boolean) reply.get("more")) {
        break;
      }
    }

    assertThat(received).doesNotHaveDuplicates();
    assertThat(received).containsExactlyInAnyOrderElementsOf(written);
    assertThat(mores).hasSize(4).endsWith(false).startsWith(true, true, true);
    assertThat(http.pull("todo", "since=" + since).get("docs")).asList().isEmpty();
  }

  @Test
  void pull_limitIsCappedAt10000AndDefaultsTo1000() {
    for (int batch = 0; batch < 2; batch++) {
      List<Map<Object, Object>> changes = new ArrayList<>();
      for (int i = 0; i < (batch == 0 ? 10_000 : 1); i++) {
        changes.add(put("big:" + batch + "-" + i, i, 0));
      }
      assertThat(http.push("big", changes).status()).isEqualTo(200);
    }

    Reply capped = http.pull("big", "limit=20000");
    Reply byDefault = http.pull("big");

    assertThat((List<?>) capped.get("docs")).hasSize(10_000);
    assertThat(capped.get("more")).isEqualTo(true);
    Reply rest = http.pull("big", "since=" + capped.get("cursor") + "&limit=20000");
    assertThat((List<?>) rest.get("docs")).hasSize(1);
    assertThat(rest.get("more")).isEqualTo(false);
    assertThat((List<?>) byDefault.get("docs")).hasSize(1000);
    assertThat(byDefault.get("more")).isEqualTo(true);
  }

  @Test
  void pull_limitOfExactlyTheRemainderEndsWithoutMore() {
    http.push("todo", put("todo:1", "a", 0), put("todo:2", "b", 0));

    Reply reply = http.pull("todo", "limit=2");

    assertThat((List<?>) reply.get("docs")).hasSize(2);
    Reply next = http.pull("todo", "since=" + reply.get("cursor") + "&limit=2");
    assertThat((List<?>) next.get("docs")).isEmpty();
    assertThat(next.get("more")).isEqualTo(false);
  }
}
