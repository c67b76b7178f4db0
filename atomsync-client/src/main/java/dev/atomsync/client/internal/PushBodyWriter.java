package dev.atomsync.client.internal;

import dev.atomsync.client.spi.OutboxEntry;
import dev.atomsync.core.Op;
import dev.atomsync.core.internal.JsonOut;
import dev.atomsync.core.internal.SpliceCheck;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a push (PROTOCOL.md, Push) as Transit JSON straight from outbox entries. Each stored value
 * is Transit JSON already and is copied in as it is, where the general path decodes it and encodes
 * it again: that was two thirds of a client's time in a large push. The envelope writes no cache
 * references, so a copied value may not hold any either ({@link SpliceCheck}); a request with a
 * value that does goes the general way.
 */
final class PushBodyWriter {
  /** Integers beyond this are written as {@code "~i..."}, as Transit JSON writers do. */
  private static final long SAFE_INTEGER = (1L << 53) - 1;

  private PushBodyWriter() {}

  /**
   * Returns the Transit JSON body of a push of {@code entries}, whose values are Transit JSON
   * documents as the local store keeps them; null when one of those cannot be copied in.
   */
  static byte @Nullable [] write(String group, String client, List<OutboxEntry> entries) {
    int capacity = 64 + group.length() + client.length();
    for (OutboxEntry entry : entries) {
      capacity += 128 + entry.id().length() + (entry.value() == null ? 0 : entry.value().length);
    }
    JsonOut out = new JsonOut(capacity);
    out.raw("[\"^ \",\"~:group\",");
    out.transitString(group);
    out.raw(",\"~:client\",");
    out.transitString(client);
    out.raw(",\"~:changes\",[");
    for (int i = 0; i < entries.size(); i++) {
      OutboxEntry entry = entries.get(i);
      if (i > 0) {
        out.raw(',');
      }
      out.raw("[\"^ \",\"~:id\",");
      out.transitString(entry.id());
      if (entry.op() == Op.PUT) {
        byte[] value = entry.value();
        if (!SpliceCheck.isSpliceable(value)) {
          return null;
        }
        out.raw(",\"~:op\",\"~:put\",\"~:value\",");
        out.raw(value);
      } else {
        out.raw(",\"~:op\",\"~:delete\"");
      }
      out.raw(",\"~:base\",");
      if (entry.base() <= SAFE_INTEGER) {
        out.number(entry.base());
      } else {
        out.numberString("~i", entry.base());
      }
      out.raw(",\"~:change\",");
      out.string("~u", entry.change().toString());
      out.raw(']');
    }
    out.raw("]]");
    return out.copy(0);
  }
}
