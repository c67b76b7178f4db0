package dev.atomsync.core.testing;

import dev.atomsync.core.Codec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Registered types and the codec that knows them, shared by the codec tests. */
public final class Fixtures {
  /** A registered enum; one constant has a body, so its class is a subclass of the enum. */
  public enum Color {
    RED,
    GREEN,
    BLUE {
      @Override
      public String toString() {
        return "blue!";
      }
    }
  }

  /** A record of two ints, which decode as Long unless converted back. */
  public record Point(int x, int y) {}

  /** A record of numeric components of several declared types. */
  public record Measure(short count, double ratio, BigDecimal amount, long total) {}

  /** A record holding collections, an enum and arbitrary values. */
  public record Shape(
      String name, List<Object> parts, Color color, Map<Object, Object> attributes) {}

  /** A record nesting another record. */
  public record Box(Point corner, Object content, Instant at) {}

  /** A record holding a byte array, which records compare by identity. */
  public record Blob(byte[] data, Date when) {}

  /** A record that is not public, registered through its open package. */
  record Hidden(String secret) {}

  /** The tags the fixtures are registered under. */
  public static final String POINT = "test/point";

  /** A codec that knows every fixture type. */
  public static final Codec CODEC =
      Codec.builder()
          .record(Point.class, POINT)
          .record(Measure.class, "test/measure")
          .record(Shape.class, "test/shape")
          .record(Box.class, "test/box")
          .record(Blob.class, "test/blob")
          .record(Hidden.class, "test/hidden")
          .enumType(Color.class, "test/color")
          .build();

  private Fixtures() {}

  /** Returns a value of the non-public record type. */
  public static Record hidden(String secret) {
    return new Hidden(secret);
  }
}
