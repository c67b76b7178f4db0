package dev.atomsync.server.internal.wire;

import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the bodies of {@code /sync} responses with document values spliced in as stored, never
 * decoded: as they are in Transit JSON, transcoded token by token in Transit MessagePack.
 *
 * <p>The result decodes with any Transit reader to what {@code Codec.encode} of the matching {@code
 * dev.atomsync.core} message would decode to. JSON is written without cache references, MessagePack
 * as transit-java writes it, also without. Each method writes to {@code out} as it goes and does
 * not close it. Thread-safe: each call has its own state.
 */
public final class ResponseBodyWriter {
  private ResponseBodyWriter() {}

  /**
   * Writes {@code pull} as {@code {:docs [...] :cursor :more :reset :horizon}}.
   *
   * @throws CodecException when a stored value is corrupt (detected in MessagePack only; JSON
   *     copies the bytes as they are)
   * @throws IOException when writing to {@code out} fails
   */
  public static void writePull(WirePull pull, WireFormat format, OutputStream out)
      throws IOException {
    EnvelopeWriter w = EnvelopeWriter.of(format, out);
    w.mapStart(5);
    w.keyword(WireKeyword.DOCS);
    w.arrayStart(pull.docs().size());
    for (WireDoc doc : pull.docs()) {
      doc(w, doc);
    }
    w.arrayEnd();
    pageEnd(w, pull.cursor(), pull.more(), pull.reset(), pull.horizon());
    w.mapEnd();
    w.finish();
  }

  /**
   * Writes {@code push} as {@code {:results [...] :cursor :since}}, without {@code :since} when it
   * is unknown.
   *
   * @throws CodecException as {@link #writePull}
   * @throws IOException when writing to {@code out} fails
   */
  public static void writePush(WirePush push, WireFormat format, OutputStream out)
      throws IOException {
    EnvelopeWriter w = EnvelopeWriter.of(format, out);
    w.mapStart(push.since() < 0 ? 2 : 3);
    w.keyword(WireKeyword.RESULTS);
    w.arrayStart(push.results().size());
    for (WireResult result : push.results()) {
      result(w, result);
    }
    w.arrayEnd();
    w.keyword(WireKeyword.CURSOR);
    w.integer(push.cursor());
    if (push.since() >= 0) {
      w.keyword(WireKeyword.SINCE);
      w.integer(push.since());
    }
    w.mapEnd();
    w.finish();
  }

  /**
   * Writes the data of a live {@code change} event carrying {@code changes} as Transit JSON: {@code
   * {:group :cursor :since :docs [...]}}, values spliced in as stored. The JSON has no line breaks,
   * so it fits one {@code data:} line.
   *
   * @throws IOException when writing to {@code out} fails
   */
  public static void writeChangeEvent(CarriedChanges changes, OutputStream out)
      throws IOException {
    EnvelopeWriter w = EnvelopeWriter.of(WireFormat.JSON, out);
    w.mapStart(4);
    w.keyword(WireKeyword.GROUP);
    w.string(changes.group());
    w.keyword(WireKeyword.CURSOR);
    w.integer(changes.cursor());
    w.keyword(WireKeyword.SINCE);
    w.integer(changes.since());
    w.keyword(WireKeyword.DOCS);
    w.arrayStart(changes.docs().size());
    for (WireDoc doc : changes.docs()) {
      doc(w, doc);
    }
    w.arrayEnd();
    w.mapEnd();
    w.finish();
  }

  /**
   * Writes {@code doc} as {@code {:id :value :version :deleted :seq :updated}}.
   *
   * @throws CodecException as {@link #writePull}
   * @throws IOException when writing to {@code out} fails
   */
  public static void writeDoc(WireDoc doc, WireFormat format, OutputStream out) throws IOException {
    EnvelopeWriter w = EnvelopeWriter.of(format, out);
    doc(w, doc);
    w.finish();
  }

  private static void result(EnvelopeWriter w, WireResult result) throws IOException {
    switch (result) {
      case WireResult.Ok ok -> {
        w.mapStart(4);
        w.keyword(WireKeyword.ID);
        w.string(ok.id());
        w.keyword(WireKeyword.STATUS);
        w.keyword(WireKeyword.OK);
        w.keyword(WireKeyword.VERSION);
        w.integer(ok.version());
        w.keyword(WireKeyword.SEQ);
        w.integer(ok.seq());
        w.mapEnd();
      }
      case WireResult.Conflict conflict -> {
        w.mapStart(3);
        w.keyword(WireKeyword.ID);
        w.string(conflict.id());
        w.keyword(WireKeyword.STATUS);
        w.keyword(WireKeyword.CONFLICT);
        w.keyword(WireKeyword.DOC);
        if (conflict.doc() == null) {
          w.nil();
        } else {
          doc(w, conflict.doc());
        }
        w.mapEnd();
      }
    }
  }

  /** Writes the entries of a pull response that follow its documents. */
  static void pageEnd(EnvelopeWriter w, long cursor, boolean more, boolean reset, long horizon)
      throws IOException {
    w.keyword(WireKeyword.CURSOR);
    w.integer(cursor);
    w.keyword(WireKeyword.MORE);
    w.bool(more);
    w.keyword(WireKeyword.RESET);
    w.bool(reset);
    w.keyword(WireKeyword.HORIZON);
    w.integer(horizon);
  }

  static void doc(EnvelopeWriter w, WireDoc doc) throws IOException {
    w.mapStart(6);
    w.keyword(WireKeyword.ID);
    w.string(doc.id());
    w.keyword(WireKeyword.VALUE);
    if (doc.value() == null) {
      w.nil();
    } else {
      w.value(doc.value());
    }
    w.keyword(WireKeyword.VERSION);
    w.integer(doc.version());
    w.keyword(WireKeyword.DELETED);
    w.bool(doc.deleted());
    w.keyword(WireKeyword.SEQ);
    w.integer(doc.seq());
    w.keyword(WireKeyword.UPDATED);
    w.instant(doc.updated());
    w.mapEnd();
  }
}
