package dev.atomsync.server.internal.wire;

import static dev.atomsync.server.testing.Wire.push;
import static dev.atomsync.server.testing.Wire.put;

import dev.atomsync.core.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Push bodies for tests: random ones written by transit-java, and damaged copies of them. */
public final class Bodies {
  private static final String DAMAGE = "[]{}\",:^~#0 19\\";

  private Bodies() {}

  /** Returns a push of {@code changes} random values, written by transit-java in {@code format}. */
  public static byte[] randomPush(RandomGenerator random, int changes, WireFormat format) {
    ValueGen gen = new ValueGen(random);
    List<Map<Object, Object>> list = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      list.add(put("g:" + i, gen.document(3), 0));
    }
    return ValueGen.RECORDS.encode(push("g", list), format);
  }

  /** Returns a copy of {@code body} with one or two bytes changed, dropped or added. */
  public static byte[] mutate(byte[] body, RandomGenerator random) {
    byte[] bytes = body.clone();
    for (int n = random.nextInt(1, 3); n > 0; n--) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(4)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> bytes[at] = (byte) DAMAGE.charAt(random.nextInt(DAMAGE.length()));
        case 2 -> {
          byte[] shorter = new byte[bytes.length - 1];
          System.arraycopy(bytes, 0, shorter, 0, at);
          System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
          bytes = shorter;
        }
        default -> {
          byte[] longer = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, longer, 0, at);
          longer[at] = (byte) DAMAGE.charAt(random.nextInt(DAMAGE.length()));
          System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
          bytes = longer;
        }
      }
    }
    return bytes;
  }

  /** Returns {@code body} readably: JSON as text, MessagePack in hex. */
  public static String show(byte[] body, WireFormat format) {
    return format == WireFormat.JSON
        ? new String(body, StandardCharsets.UTF_8)
        : HexFormat.of().formatHex(body);
  }
}
