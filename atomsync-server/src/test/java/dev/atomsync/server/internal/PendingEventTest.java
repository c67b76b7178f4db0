package dev.atomsync.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Codec;
import dev.atomsync.server.internal.wire.CarriedChanges;
import dev.atomsync.server.internal.wire.RawValue;
import dev.atomsync.server.internal.wire.WireDoc;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a stream's pending live event takes in the next one (coalescing). */
class PendingEventTest {

  @Test
  void contiguousChangesMergeKeepingTheLatestStateOfEachDocInSeqOrder() {
    PendingEvent first = carrying(5, doc("g:1", "a", 6), doc("g:2", "b", 7));
    PendingEvent second = carrying(7, doc("g:1", "c", 8));

    PendingEvent merged = first.and(second);

    assertThat(merged.cursor()).isEqualTo(8);
    assertThat(merged.changes().since()).isEqualTo(5);
    assertThat(merged.changes().docs()).extracting(WireDoc::id, WireDoc::seq)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("g:2", 7L),
            org.assertj.core.groups.Tuple.tuple("g:1", 8L));
  }

  @Test
  void changesPublishedOutOfOrderMergeToo() {
    PendingEvent first = carrying(5, doc("g:1", "a", 6));
    PendingEvent second = carrying(6, doc("g:2", "b", 7));

    PendingEvent merged = second.and(first);

    assertThat(merged.changes().since()).isEqualTo(5);
    assertThat(merged.cursor()).isEqualTo(7);
    assertThat(merged.changes().docs()).extracting(WireDoc::id).containsExactly("g:1", "g:2");
  }

  @Test
  void changesWithAGapBetweenKeepTheEventThatReachesFurther() {
    PendingEvent first = carrying(5, doc("g:1", "a", 6));
    PendingEvent later = carrying(7, doc("g:2", "b", 8));

    assertThat(first.and(later)).isEqualTo(later);
    assertThat(later.and(first)).isEqualTo(later);
  }

  @Test
  void changesTooBigTogetherKeepTheNewerEventAlone() {
    String half = "x".repeat(CarriedChanges.MAX_BYTES / 2);
    PendingEvent first = carrying(5, doc("g:1", half, 6));
    PendingEvent second = carrying(6, doc("g:2", half, 7));

    PendingEvent kept = first.and(second);

    assertThat(kept).isEqualTo(second);
    assertThat(kept.changes().since()).isEqualTo(6);
  }

  @Test
  void aCursorOnlyEventBeyondTheChangesReplacesThem() {
    PendingEvent carried = carrying(5, doc("g:1", "a", 6));

    assertThat(carried.and(PendingEvent.cursorOnly(9))).isEqualTo(PendingEvent.cursorOnly(9));
    assertThat(carried.and(PendingEvent.cursorOnly(6))).isEqualTo(carried);
  }

  @Test
  void changesBeyondACursorOnlyEventReplaceIt() {
    PendingEvent carried = carrying(5, doc("g:1", "a", 6));

    assertThat(PendingEvent.cursorOnly(4).and(carried)).isEqualTo(carried);
    assertThat(PendingEvent.cursorOnly(7).and(carried)).isEqualTo(PendingEvent.cursorOnly(7));
  }

  @Test
  void changesOverTheLimitAreNotCarried() {
    String big = "x".repeat(CarriedChanges.MAX_BYTES);

    assertThat(CarriedChanges.of("g", 5, 6, List.of(doc("g:1", big, 6)))).isNull();
  }

  @Test
  void theFrameIsOneEventWithItsDataOnOneLine() {
    CarriedChanges changes =
        CarriedChanges.of("g", 5, 6, List.of(doc("g:1", "two\nlines", 6)));

    String frame = new String(changes.frame(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(frame).startsWith("event: change\ndata: [\"^ \",").endsWith("]\n\n");
    assertThat(frame.substring(0, frame.length() - 2).split("\n")).hasSize(2);
    assertThat(changes.frame()).isSameAs(changes.frame());
  }

  private static PendingEvent carrying(long since, WireDoc... docs) {
    return PendingEvent.carrying(
        CarriedChanges.of("g", since, docs[docs.length - 1].seq(), List.of(docs)));
  }

  private static WireDoc doc(String id, String value, long seq) {
    return new WireDoc(id, RawValue.of(value, Codec.standard()), 1, false, seq,
        Instant.parse("2026-12-02T00:00:00Z"));
  }
}
