package dev.atomsync.bench;

import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Op;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import dev.atomsync.server.internal.wire.PushBodyReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The server reading a push of 1,000 todo documents ({@code PushBodyReader.read} and {@code
 * PushRequest.fromTransit}, as a push request does), from two bodies: one transit-java wrote, with
 * cache references across changes, and one as the Java client writes it, each stored value spliced
 * into an envelope without references.
 *
 * <p>{@code reader=plain} reads the body as sent, which the plain reader takes. {@code
 * reader=general} reads the same body after one leading space: JSON allows it, the plain reader
 * declines it at once, and the general reader reads the rest, so the pair compares the two readers
 * on the same bytes through the public entry point.
 *
 * <p>Run: {@code ./atomsync bench jmh PushReadBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s}; read the
 * {@code p0.50} rows for medians.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PushReadBenchmark {
  @Param({"transit-java", "spliced"})
  public String body;

  @Param({"plain", "general"})
  public String reader;

  private byte[] bytes;

  @Setup
  public void setUp() {
    Codec codec = Codec.standard();
    Random random = new Random(42);
    List<Change> changes = new ArrayList<>();
    StringBuilder spliced =
        new StringBuilder("[\"^ \",\"~:group\",\"bench\",\"~:client\",\"c\",\"~:changes\",[");
    for (int i = 0; i < 1_000; i++) {
      Map<Object, Object> value = SampleDocs.todo(i, random);
      UUID change = new UUID(random.nextLong(), random.nextLong());
      changes.add(new Change("bench:" + i, Op.PUT, value, 0, change));
      spliced.append(i == 0 ? "" : ",")
          .append("[\"^ \",\"~:id\",\"bench:").append(i)
          .append("\",\"~:op\",\"~:put\",\"~:value\",")
          .append(new String(codec.encode(value, WireFormat.JSON), StandardCharsets.UTF_8))
          .append(",\"~:base\",0,\"~:change\",\"~u").append(change).append("\"]");
    }
    byte[] chosen =
        body.equals("spliced")
            ? spliced.append("]]").toString().getBytes(StandardCharsets.UTF_8)
            : codec.encode(new PushRequest("bench", "c", changes).toTransit(), WireFormat.JSON);
    bytes = reader.equals("plain") ? chosen : withLeadingSpace(chosen);
  }

  private static byte[] withLeadingSpace(byte[] json) {
    byte[] spaced = new byte[json.length + 1];
    spaced[0] = ' ';
    System.arraycopy(json, 0, spaced, 1, json.length);
    return spaced;
  }

  @Benchmark
  public PushRequest read() {
    return PushRequest.fromTransit(PushBodyReader.read(bytes, WireFormat.JSON));
  }
}
