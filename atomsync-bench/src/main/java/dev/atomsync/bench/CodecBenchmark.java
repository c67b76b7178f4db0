package dev.atomsync.bench;

import com.cognitect.transit.ReadHandler;
import com.cognitect.transit.TransitFactory;
import com.cognitect.transit.WriteHandler;
import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Doc;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * {@link Codec#standard()} beside transit-java used the plain way, a new {@code
 * TransitFactory.writer} or {@code reader} per value (what the codec itself did before it reused
 * them), on three payloads: one todo document of about 200 bytes, a push of 1,000 changes of such
 * documents, and a pull page of 10,000 of them, in both formats.
 *
 * <p>The peer gets handler maps merged once, as the codec had, but skips what the codec adds on
 * top: the structure scan of every input and output and the checks of its own string handlers. Its
 * figures are therefore a little flattering; a ratio near 1 would mean the codec's reuse gains
 * nothing.
 *
 * <p>Run: {@code java -cp "target/classes:target/lib/*" org.openjdk.jmh.Main CodecBenchmark}. Times
 * are sampled per call; read the {@code p0.50} rows for medians.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {
  @Param({"doc", "push1000", "pull10000"})
  public String payload;

  @Param({"JSON", "MSGPACK"})
  public WireFormat format;

  private final Codec codec = Codec.standard();

  @SuppressWarnings("rawtypes") // transit-java's API keys handlers by raw Class
  private final Map<Class, WriteHandler<?, ?>> transitWriteHandlers =
      TransitFactory.writeHandlerMap(Map.of());

  private final Map<String, ReadHandler<?, ?>> transitReadHandlers =
      TransitFactory.readHandlerMap(Map.of());

  private Object value;
  private byte[] bytes;
  private TransitFactory.Format transitFormat;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    value =
        switch (payload) {
          case "doc" -> SampleDocs.todo(7, random);
          case "push1000" -> push(1_000, random);
          case "pull10000" -> pull(10_000, random);
          default -> throw new IllegalArgumentException("unknown payload " + payload);
        };
    transitFormat =
        format == WireFormat.JSON ? TransitFactory.Format.JSON : TransitFactory.Format.MSGPACK;
    bytes = codec.encode(value, format);
    if (!Arrays.equals(bytes, encodeTransitJavaPerCall())) {
      throw new IllegalStateException("the codec and transit-java disagree on " + payload);
    }
  }

  private static Object push(int changes, Random random) {
    List<Change> list = new ArrayList<>(changes);
    for (int i = 0; i < changes; i++) {
      list.add(Change.put("bench:todo-" + i, SampleDocs.todo(i, random), i % 3));
    }
    return new PushRequest("bench", "client-1", list).toTransit();
  }

  private static Object pull(int docs, Random random) {
    List<Doc> list = new ArrayList<>(docs);
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    for (int i = 0; i < docs; i++) {
      list.add(
          new Doc(
              "bench:todo-" + i,
              SampleDocs.todo(i, random),
              1 + i % 5,
              false,
              i + 1,
              start.plusMillis(i)));
    }
    return new PullResponse(list, docs, true, false, 0).toTransit();
  }

  @Benchmark
  public byte[] encode() {
    return codec.encode(value, format);
  }

  @Benchmark
  public byte[] encodeTransitJavaPerCall() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    TransitFactory.writer(transitFormat, out, transitWriteHandlers).write(value);
    return out.toByteArray();
  }

  @Benchmark
  public Object decode() {
    return codec.decode(bytes, format);
  }

  @Benchmark
  public Object decodeTransitJavaPerCall() {
    return TransitFactory.reader(
            transitFormat, new ByteArrayInputStream(bytes), transitReadHandlers)
        .read();
  }
}
