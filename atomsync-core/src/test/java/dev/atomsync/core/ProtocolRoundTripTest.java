package dev.atomsync.core;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every protocol message survives toTransit, encode, decode and fromTransit in both formats. */
class ProtocolRoundTripTest {
  private static final Codec CODEC = Codec.standard();
  private static final Instant NOW = Instant.parse("2026-11-23T18:19:16.123456789Z");

  private static Object wire(Map<Object, Object> transit, WireFormat format) {
    return CODEC.decode(CODEC.encode(transit, format), format);
  }

  private static Doc doc(String id, long version, long seq) {
    Map<Object, Object> value = new LinkedHashMap<>();
    value.put(kw("text"), "Buy milk");
    value.put(kw("tags"), Set.of(kw("groceries")));
    value.put(kw("due"), NOW);
    return new Doc(id, value, version, false, seq, NOW);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void pushRequest_survivesTheWire(WireFormat format) {
    PushRequest request =
        new PushRequest(
            "todo",
            UUID.randomUUID().toString(),
            List.of(
                new Change(
                    "todo:1", Op.PUT, Map.of(kw("n"), List.of(1L, 2L)), 0, UUID.randomUUID()),
                Change.delete("todo:7", 5)));

    assertThat(PushRequest.fromTransit(wire(request.toTransit(), format))).isEqualTo(request);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void pushResponse_survivesTheWire(WireFormat format) {
    PushResponse response =
        new PushResponse(
            List.of(
                new PushResult.Ok("todo:1", 3, 42),
                new PushResult.Conflict("todo:7", doc("todo:7", 6, 40)),
                new PushResult.Conflict("todo:8", null)),
            42);

    assertThat(PushResponse.fromTransit(wire(response.toTransit(), format))).isEqualTo(response);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void pullResponse_survivesTheWire(WireFormat format) {
    Doc tombstone = new Doc("todo:2", null, 4, true, 41, NOW);
    PullResponse response =
        new PullResponse(List.of(doc("todo:1", 3, 40), tombstone), 41, true, false, 17);

    assertThat(PullResponse.fromTransit(wire(response.toTransit(), format))).isEqualTo(response);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void changeEvent_survivesTheWire(WireFormat format) {
    ChangeEvent event = new ChangeEvent("todo", 42);

    assertThat(ChangeEvent.fromTransit(wire(event.toTransit(), format))).isEqualTo(event);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void changeEventCarryingChanges_survivesTheWire(WireFormat format) {
    Doc tombstone = new Doc("todo:2", null, 4, true, 42, NOW);
    ChangeEvent event = new ChangeEvent("todo", 42, 39, List.of(doc("todo:1", 3, 40), tombstone));

    assertThat(ChangeEvent.fromTransit(wire(event.toTransit(), format))).isEqualTo(event);
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void pushResponseWithSince_survivesTheWire(WireFormat format) {
    PushResponse response = new PushResponse(List.of(new PushResult.Ok("todo:1", 3, 42)), 42, 38);

    assertThat(PushResponse.fromTransit(wire(response.toTransit(), format))).isEqualTo(response);
  }

  @Test
  void pushResponse_withoutSinceReadsAsUnknown() {
    Map<Object, Object> transit = new PushResponse(List.of(), 5).toTransit();

    assertThat(transit).doesNotContainKey(Keys.SINCE);
    assertThat(PushResponse.fromTransit(transit).since()).isEqualTo(PushResponse.NO_SINCE);
  }

  @Test
  void changeEvent_ignoresKeysItDoesNotKnow() {
    Map<Object, Object> transit = new ChangeEvent("todo", 42, 40, List.of()).toTransit();
    transit.put(kw("priority"), kw("high"));
    transit.put("not even a keyword", List.of(1L));

    assertThat(ChangeEvent.fromTransit(transit)).isEqualTo(new ChangeEvent("todo", 42, 40, List.of()));
  }

  @Test
  void changeEvent_withDocsButWithoutSinceReadsAsCursorOnly() {
    Map<Object, Object> transit = new ChangeEvent("todo", 42, 40, List.of()).toTransit();
    transit.remove(Keys.SINCE);

    assertThat(ChangeEvent.fromTransit(transit)).isEqualTo(new ChangeEvent("todo", 42));
    assertThat(ChangeEvent.fromTransit(transit).carriesChanges()).isFalse();
  }

  @Test
  void changeEvent_appliesOnlyAtACursorFromSinceToBeforeItsCursor() {
    ChangeEvent event = new ChangeEvent("todo", 42, 39, List.of());

    assertThat(event.appliesAt(38)).isFalse();
    assertThat(event.appliesAt(39)).isTrue();
    assertThat(event.appliesAt(41)).isTrue();
    assertThat(event.appliesAt(42)).isFalse();
    assertThat(new ChangeEvent("todo", 42).appliesAt(41)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void errorResponse_survivesTheWireForEveryCode(WireFormat format) {
    for (ErrorCode code : ErrorCode.values()) {
      ErrorResponse error = new ErrorResponse(code, "what went wrong: " + code);

      assertThat(ErrorResponse.fromTransit(wire(error.toTransit(), format))).isEqualTo(error);
    }
  }

  @Test
  void doc_keepsUpdatedToTheMillisecondItTravelsWith() {
    Doc doc = new Doc("todo:1", "x", 1, false, 1, NOW);

    assertThat(doc.updated()).isEqualTo(Instant.parse("2026-11-23T18:19:16.123Z"));
    assertThat(doc.toTransit().get(Keys.UPDATED)).isEqualTo(java.util.Date.from(doc.updated()));
  }

  @Test
  void pullResponse_readsMissingHorizonAsZero() {
    Map<Object, Object> transit = new PullResponse(List.of(), 5, false, false, 9).toTransit();
    transit.remove(Keys.HORIZON);

    assertThat(PullResponse.fromTransit(transit).horizon()).isZero();
  }

  @Test
  void errorResponse_readsUnknownErrorKeywordAsInternal() {
    Map<Object, Object> transit = new ErrorResponse(ErrorCode.FORBIDDEN, "no").toTransit();
    transit.put(Keys.ERROR, kw("teapot"));

    assertThat(ErrorResponse.fromTransit(transit).error()).isEqualTo(ErrorCode.INTERNAL);
  }

  @Test
  void errorCode_matchesProtocolTable() {
    assertThat(ErrorCode.BAD_REQUEST.status()).isEqualTo(400);
    assertThat(ErrorCode.BAD_REQUEST.keyword()).isEqualTo(kw("bad-request"));
    assertThat(ErrorCode.TOO_LARGE.status()).isEqualTo(413);
    assertThat(ErrorCode.UNSUPPORTED_MEDIA_TYPE.keyword()).isEqualTo(kw("unsupported-media-type"));
    assertThat(ErrorCode.of(kw("too-large"))).isEqualTo(ErrorCode.TOO_LARGE);
  }
}
