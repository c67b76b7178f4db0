package dev.atomsync.client.internal;

import static dev.atomsync.core.Transit.kw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Op;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A push written from stored bytes decodes to exactly the request the general path encodes, and
 * a stored value that cannot be copied in sends the request the general way.
 */
class PushBodyWriterTest {
  private static final Codec CODEC = Codec.standard();

  @Test
  void body_decodesToTheRequestOfTheDecodedValues() {
    Map<Object, Object> todo = new LinkedHashMap<>();
    todo.put(kw("text"), "say \"hi\" \\ \u00e9\u6f22\ud83d\ude00\n");
    todo.put(kw("done"), false);
    todo.put(kw("tags"), Set.of(kw("home")));
    todo.put(kw("due"), Instant.parse("2026-12-03T10:15:30.123456789Z"));
    todo.put(kw("created"), new Date(1_700_000_000_000L));
    todo.put(kw("owner"), UUID.fromString("6f1c1d5e-94a5-4c37-9d0a-5b36ea7d3f01"));
    todo.put(kw("price"), new BigDecimal("12.50"));
    todo.put(kw("big"), 1L << 60);
    todo.put(kw("link"), URI.create("https://example.org/a?b=c"));
    todo.put(7L, List.of(1L, 2.5, "^caret", "~tilde", "`tick"));
    List<OutboxEntry> entries = List.of(
        put(1, "todo:1", todo, 0),
        put(2, "todo:\"quoted\"\u0001", Map.of(kw("text"), "x"), 17),
        delete(3, "todo:gone", 5),
        put(4, "todo:far", Map.of(), (1L << 60) + 1));

    byte[] body = PushBodyWriter.write("todo", "client-\u00e9", entries);

    assertThat(body).isNotNull();
    Object decoded = CODEC.decode(body, WireFormat.JSON);
    assertThat(decoded).isEqualTo(generalRequest("todo", "client-\u00e9", entries).toTransit());
    assertThat(PushRequest.fromTransit(decoded).changes()).hasSize(4);
  }

  @Test
  void transitMarksAtTheStartOfAStringAreEscaped() {
    List<OutboxEntry> entries = List.of(put(1, "~g:1", Map.of(kw("a"), 1L), 0));

    byte[] body = PushBodyWriter.write("~g", "^client", entries);

    assertThat(CODEC.decode(body, WireFormat.JSON))
        .isEqualTo(generalRequest("~g", "^client", entries).toTransit());
  }

  @Test
  void valueWithCacheReferencesOrAQuotedScalarIsNotCopied() {
    Map<Object, Object> repeated = Map.of(kw("items"),
        List.of(Map.of(kw("name"), "a"), Map.of(kw("name"), "b")));
    assertThat(new String(CODEC.encode(repeated, WireFormat.JSON))).contains("\"^");

    assertThat(PushBodyWriter.write("todo", "c", List.of(put(1, "todo:1", repeated, 0)))).isNull();
    assertThat(PushBodyWriter.write("todo", "c", List.of(put(1, "todo:1", "just text", 0))))
        .isNull();
  }

  private static OutboxEntry put(long seq, String id, Object value, long base) {
    return new OutboxEntry(seq, id, Op.PUT, CODEC.encode(value, WireFormat.JSON), base,
        UUID.randomUUID(), true);
  }

  private static OutboxEntry delete(long seq, String id, long base) {
    return new OutboxEntry(seq, id, Op.DELETE, null, base, UUID.randomUUID(), true);
  }

  /** The request the general path sends: every stored value decoded, then encoded again. */
  private static PushRequest generalRequest(String group, String client, List<OutboxEntry> entries) {
    List<Change> changes = new ArrayList<>();
    for (OutboxEntry entry : entries) {
      Object value = entry.value() == null ? null : CODEC.decode(entry.value(), WireFormat.JSON);
      changes.add(new Change(entry.id(), entry.op(), value, entry.base(), entry.change()));
    }
    return new PushRequest(group, client, changes);
  }
}
