package dev.atomsync.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomsync.server.internal.wire.PullStreamWriter;
import dev.atomsync.server.internal.wire.WireDoc;
import dev.atomsync.server.spi.StoredDoc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PageHandoffTest {
  private static final Instant UPDATED = Instant.parse("2026-12-03T10:15:30.123Z");

  @Test
  void drainTo_writesThePageAsTheWriterDoesOnOneThread() throws Exception {
    List<StoredDoc> docs = docs(3 * PageHandoff.BATCH + 17);
    PageHandoff handoff = new PageHandoff();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      docs.forEach(handoff::doc);
      handoff.end(900, true, false, 4);
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(handoff.drainTo(new PullStreamWriter(out))).isEqualTo(docs.size());

    reader.join();
    assertThat(out.toByteArray()).isEqualTo(writtenDirectly(docs, 900, true, false, 4));
  }

  @Test
  void drainTo_writesAnEmptyPage() throws Exception {
    PageHandoff handoff = new PageHandoff();
    handoff.end(12, false, true, 12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(handoff.drainTo(new PullStreamWriter(out))).isZero();

    assertThat(out.toByteArray()).isEqualTo(writtenDirectly(List.of(), 12, false, true, 12));
  }

  @Test
  void drainTo_throwsTheReadersFailureAfterTheDocumentsBeforeIt() throws IOException {
    List<StoredDoc> docs = docs(2 * PageHandoff.BATCH);
    PageHandoff handoff = new PageHandoff();
    docs.forEach(handoff::doc);
    IllegalStateException failure = new IllegalStateException("disk gone");
    handoff.fail(failure);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> handoff.drainTo(new PullStreamWriter(out))).isSameAs(failure);

    // The writer sends in chunks, so what reached the stream is a start of the whole page.
    byte[] whole = writtenDirectly(docs, 1, false, false, 0);
    assertThat(out.size()).isPositive();
    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(whole, out.size()));
  }

  @Test
  void fail_afterTheEnd_isReportedAsNotHeard() {
    PageHandoff handoff = new PageHandoff();
    handoff.end(1, false, false, 0);

    assertThat(handoff.fail(new IllegalStateException("commit failed"))).isFalse();
    assertThat(handoff.waiting()).isEqualTo(1);
  }

  @Test
  void doc_endsTheReadOnceTheSenderGaveUp() {
    PageHandoff handoff = new PageHandoff();
    docs(2 * PageHandoff.BATCH).forEach(handoff::doc);
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("client went away");
      }
    };

    assertThatThrownBy(() -> handoff.drainTo(new PullStreamWriter(broken)))
        .hasMessage("client went away");
    int left = handoff.waiting();
    StoredDoc next = docs(1).getFirst();
    assertThatThrownBy(() -> handoff.doc(next)).isInstanceOf(CancellationException.class);
    assertThat(handoff.abandoned()).isTrue();
    assertThat(handoff.fail(new IllegalStateException("read cut short"))).isFalse();
    assertThat(handoff.waiting()).isEqualTo(left);
  }

  private static List<StoredDoc> docs(int count) {
    List<StoredDoc> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean deleted = i % 9 == 0;
      byte[] value = ("[\"^ \",\"~:text\",\"item " + i + " of the page, with some words\"]")
          .getBytes(StandardCharsets.UTF_8);
      docs.add(new StoredDoc("todo:" + i, deleted ? null : value, 2, deleted, i + 1, UPDATED));
    }
    return docs;
  }

  private static byte[] writtenDirectly(
      List<StoredDoc> docs, long cursor, boolean more, boolean reset, long horizon)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PullStreamWriter writer = new PullStreamWriter(out);
    for (StoredDoc doc : docs) {
      writer.doc(WireDoc.ofStored(doc));
    }
    writer.end(cursor, more, reset, horizon);
    return out.toByteArray();
  }
}
