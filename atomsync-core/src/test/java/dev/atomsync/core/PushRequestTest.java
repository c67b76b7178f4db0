package dev.atomsync.core;

import static dev.atomsync.core.Keys.BASE;
import static dev.atomsync.core.Keys.CHANGE;
import static dev.atomsync.core.Keys.CHANGES;
import static dev.atomsync.core.Keys.CLIENT;
import static dev.atomsync.core.Keys.GROUP;
import static dev.atomsync.core.Keys.ID;
import static dev.atomsync.core.Keys.OP;
import static dev.atomsync.core.Keys.VALUE;
import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cognitect.transit.Keyword;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PushRequest#fromTransit} checks a whole push against PROTOCOL.md before any is used. */
class PushRequestTest {

  private static Map<Object, Object> put(String id, Object value, long base) {
    Map<Object, Object> change = new LinkedHashMap<>();
    change.put(ID, id);
    change.put(OP, kw("put"));
    change.put(VALUE, value);
    change.put(BASE, base);
    change.put(CHANGE, UUID.randomUUID());
    return change;
  }

  private static Map<Object, Object> delete(String id, long base) {
    Map<Object, Object> change = put(id, null, base);
    change.remove(VALUE);
    change.put(OP, kw("delete"));
    return change;
  }

  @SafeVarargs
  private static Map<Object, Object> push(String group, Map<Object, Object>... changes) {
    Map<Object, Object> push = new LinkedHashMap<>();
    push.put(GROUP, group);
    push.put(CLIENT, "client-1");
    push.put(CHANGES, new ArrayList<>(List.of(changes)));
    return push;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      Object transit, ErrorCode code) {
    return assertThatThrownBy(() -> PushRequest.fromTransit(transit))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertBadRequest(Object transit) {
    return assertRejected(transit, ErrorCode.BAD_REQUEST);
  }

  @Test
  void fromTransit_readsPutsAndDeletes() {
    Map<Object, Object> put = put("todo:1", Map.of(kw("text"), "milk"), 0);
    Map<Object, Object> push = push("todo", put, delete("todo:2", 5));

    PushRequest request = PushRequest.fromTransit(push);

    assertThat(request.group()).isEqualTo("todo");
    assertThat(request.client()).isEqualTo("client-1");
    assertThat(request.changes())
        .containsExactly(
            new Change("todo:1", Op.PUT, Map.of(kw("text"), "milk"), 0, (UUID) put.get(CHANGE)),
            new Change(
                "todo:2",
                Op.DELETE,
                null,
                5,
                (UUID) ((Map<?, ?>) ((List<?>) push.get(CHANGES)).get(1)).get(CHANGE)));
  }

  @Test
  void fromTransit_readsPushDecodedFromJson() {
    String json =
        "[\"^ \",\"~:group\",\"todo\",\"~:client\",\"c\",\"~:changes\",[[\"^"
            + " \",\"~:id\",\"todo:1\","
            + "\"~:op\",\"~:put\",\"~:value\",[\"~#set\",[\"~:a\"]],\"~:base\",0,"
            + "\"~:change\",\"~u00000000-0000-0000-0000-000000000001\"]]]";

    PushRequest request =
        PushRequest.fromTransit(
            Codec.standard().decode(json.getBytes(StandardCharsets.UTF_8), WireFormat.JSON));

    assertThat(request.changes().get(0).value()).isEqualTo(java.util.Set.of(kw("a")));
  }

  @Test
  void fromTransit_rejectsNonMap() {
    assertBadRequest(List.of()).hasMessage("push must be a map, got vector");
  }

  @ParameterizedTest
  @ValueSource(strings = {"group", "client", "changes"})
  void fromTransit_rejectsMissingField(String field) {
    Map<Object, Object> push = push("todo", put("todo:1", "x", 0));
    push.remove(kw(field));

    assertBadRequest(push).hasMessage("push is missing :" + field);
  }

  @Test
  void fromTransit_rejectsFieldOfWrongType() {
    Map<Object, Object> push = push("todo");
    push.put(CHANGES, "many");

    assertBadRequest(push).hasMessage("push :changes must be a vector, got string");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "to do", "todo:", "ä", "a/b"})
  void fromTransit_rejectsBadGroupName(String group) {
    assertBadRequest(push(group)).hasMessageContaining(":group must be 1 to 128 characters");
  }

  @Test
  void fromTransit_rejectsAClientIdWithANul() {
    Map<Object, Object> push = push("todo", put("todo:1", "x", 0));
    push.put(CLIENT, "client\u0000one");

    assertBadRequest(push).hasMessageContaining(":client must not contain U+0000");
  }

  @Test
  void fromTransit_rejectsGroupNameOver128Characters() {
    assertBadRequest(push("g".repeat(129))).hasMessageContaining(":group must be 1 to 128");
  }

  @ParameterizedTest
  @ValueSource(strings = {"other:1", "todo", "todo:", "todox:1", "TODO:1", ":todo:1"})
  void fromTransit_rejectsIdOutsideGroup(String id) {
    assertBadRequest(push("todo", put(id, "x", 0)))
        .hasMessageContaining("document id \"" + id + "\" is outside group \"todo\"");
  }

  @Test
  void fromTransit_rejectsIdOver512Utf8Bytes() {
    String id = "todo:" + "é".repeat(254); // 5 + 508 = 513 bytes in 259 characters

    assertBadRequest(push("todo", put(id, "x", 0)))
        .hasMessageContaining("document id must be at most 512 UTF-8 bytes");
  }

  @Test
  void fromTransit_acceptsIdOfExactly512Utf8Bytes() {
    String id = "todo:" + "é".repeat(253) + "a"; // 5 + 506 + 1 = 512 bytes

    assertThat(PushRequest.fromTransit(push("todo", put(id, "x", 0))).changes()).hasSize(1);
  }

  @Test
  void fromTransit_rejectsEmptyId() {
    assertBadRequest(push("todo", put("", "x", 0))).hasMessageContaining("non-empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"upsert", "PUT"})
  void fromTransit_rejectsUnknownOp(String op) {
    Map<Object, Object> change = put("todo:1", "x", 0);
    change.put(OP, kw(op));

    assertBadRequest(push("todo", change))
        .hasMessage("unknown op :" + op + " (expected :put or :delete)");
  }

  @Test
  void fromTransit_rejectsOpGivenAsString() {
    Map<Object, Object> change = put("todo:1", "x", 0);
    change.put(OP, "put");

    assertBadRequest(push("todo", change)).hasMessageContaining("unknown op put");
  }

  @Test
  void fromTransit_rejectsPutWithoutValue() {
    Map<Object, Object> change = put("todo:1", "x", 0);
    change.remove(VALUE);

    assertBadRequest(push("todo", change)).hasMessage("put of \"todo:1\" is missing :value");
  }

  @Test
  void fromTransit_rejectsPutWithNilValue() {
    assertBadRequest(push("todo", put("todo:1", null, 0)))
        .hasMessage("put of \"todo:1\" has a nil :value (use :op :delete to delete)");
  }

  @Test
  void fromTransit_rejectsNegativeBase() {
    assertBadRequest(push("todo", put("todo:1", "x", -1)))
        .hasMessage("change :base must not be negative: -1");
  }

  @Test
  void fromTransit_rejectsBaseThatIsNotAnInteger() {
    Map<Object, Object> change = put("todo:1", "x", 0);
    change.put(BASE, 1.0);

    assertBadRequest(push("todo", change))
        .hasMessage("change :base must be an integer, got Double");
  }

  @Test
  void fromTransit_rejectsChangeIdThatIsNotUuid() {
    Map<Object, Object> change = put("todo:1", "x", 0);
    change.put(CHANGE, "b1d9-not-a-uuid");

    assertBadRequest(push("todo", change)).hasMessage("change :change must be a UUID, got string");
  }

  @Test
  void fromTransit_rejectsSameIdTwice() {
    assertBadRequest(push("todo", put("todo:1", "x", 0), delete("todo:1", 1)))
        .hasMessage("document \"todo:1\" appears more than once in one push");
  }

  @Test
  void fromTransit_rejectsMoreThanMaxChangesAsTooLarge() {
    List<Object> changes = new ArrayList<>();
    for (int i = 0; i <= PushRequest.MAX_CHANGES; i++) {
      changes.add(put("todo:" + i, "x", 0));
    }
    Map<Object, Object> push = push("todo");
    push.put(CHANGES, changes);

    assertRejected(push, ErrorCode.TOO_LARGE)
        .hasMessage("a push may carry at most 10000 changes, got 10001");
  }

  @Test
  void fromTransit_acceptsExactlyMaxChanges() {
    List<Object> changes = new ArrayList<>();
    for (int i = 0; i < PushRequest.MAX_CHANGES; i++) {
      changes.add(put("todo:" + i, "x", 0));
    }
    Map<Object, Object> push = push("todo");
    push.put(CHANGES, changes);

    assertThat(PushRequest.fromTransit(push).changes()).hasSize(PushRequest.MAX_CHANGES);
  }

  @Test
  void fromTransit_rejectsChangeThatIsNotMap() {
    Map<Object, Object> push = push("todo");
    push.put(CHANGES, List.of(Keyword.class.getSimpleName()));

    assertBadRequest(push).hasMessage("change must be a map, got string");
  }
}
