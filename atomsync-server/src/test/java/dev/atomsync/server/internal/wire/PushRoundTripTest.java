package dev.atomsync.server.internal.wire;

import static dev.atomsync.server.testing.Wire.delete;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.push;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.core.Change;
import dev.atomsync.core.Codec;
import dev.atomsync.core.Op;
import dev.atomsync.core.PullResponse;
import dev.atomsync.core.PushRequest;
import dev.atomsync.core.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pushes of random values, written by transit-java with its cache, read by {@link PushBodyReader}
 * and answered by {@link ResponseBodyWriter}: every value must come back as it went in, through
 * both formats on the way in and both on the way out, to a codec that knows the record tag and to
 * one that does not.
 */
class PushRoundTripTest {
  private static final Codec STANDARD = Codec.standard();

  @ParameterizedTest
  @EnumSource(WireFormat.class)
  void randomPushes_readAsCodecDoes_andValuesSurviveEveryResponseFormat(WireFormat format) {
    Seeds.forEach(300, random -> roundTrip(random, format));
  }

  private static void roundTrip(SplittableRandom random, WireFormat format) {
    ValueGen gen = new ValueGen(random);
    int count = random.nextInt(1, 40);
    List<Map<Object, Object>> changes = new ArrayList<>();
    Map<Integer, Object> sent = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      // The index and a separator keep ids unique whatever the random part ("g:1" + "6" is "g:16");
      // an id may hold anything but U+0000 (PROTOCOL.md).
      String id = "g:" + i + "-" + gen.string().replace("\u0000", "");
      long base = random.nextLong(0, 1L << 60);
      if (random.nextInt(6) == 0) {
        changes.add(delete(id, base, UUID.randomUUID()));
      } else {
        Object value = gen.document(random.nextInt(1, 6));
        sent.put(i, value);
        changes.add(put(id, value, base, UUID.randomUUID()));
      }
    }
    byte[] body = ValueGen.RECORDS.encode(push("g", changes), format);

    Object read = PushBodyReader.read(body, format);
    Object reference = STANDARD.decode(body, format);
    PushRequest request = PushRequest.fromTransit(read);

    SameValue.check(withoutValues(reference), withoutValues(read));
    PushRequest expected = PushRequest.fromTransit(reference);
    assertThat(request.group()).isEqualTo(expected.group());
    assertThat(request.client()).isEqualTo(expected.client());
    List<WireDoc> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Change change = request.changes().get(i);
      Change want = expected.changes().get(i);
      assertThat(List.of(change.id(), change.op(), change.base(), change.change()))
          .isEqualTo(List.of(want.id(), want.op(), want.base(), want.change()));
      RawValue raw = (RawValue) change.value();
      if (change.op() == Op.PUT) {
        SameValue.check(referenceValue(reference, i), raw.decode(STANDARD));
        SameValue.check(sent.get(i), raw.decode(ValueGen.RECORDS));
        assertThat(RawValue.parse(raw.toStorage(), WireFormat.JSON)).isEqualTo(raw);
        // What the server stored before (the codec's own encoding) reads back as the same bytes.
        assertThat(RawValue.fromStorage(ValueGen.RECORDS.encode(sent.get(i), WireFormat.JSON)))
            .isEqualTo(raw);
      }
      docs.add(new WireDoc(change.id(), raw, i + 1, raw == null, 100 + i, Instant.now()));
    }
    for (WireFormat answer : WireFormat.values()) {
      byte[] response = pull(docs, answer);
      List<?> standardDocs = PullResponse.fromTransit(STANDARD.decode(response, answer)).docs();
      List<?> recordDocs =
          PullResponse.fromTransit(ValueGen.RECORDS.decode(response, answer)).docs();
      for (int i = 0; i < count; i++) {
        Object standard = ((dev.atomsync.core.Doc) standardDocs.get(i)).value();
        Object records = ((dev.atomsync.core.Doc) recordDocs.get(i)).value();
        SameValue.check(sent.containsKey(i) ? referenceValue(reference, i) : null, standard);
        SameValue.check(sent.get(i), records);
      }
    }
  }

  private static byte[] pull(List<WireDoc> docs, WireFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ResponseBodyWriter.writePull(new WirePull(docs, 7, false, false, 0), format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Object referenceValue(Object reference, int change) {
    return changeMap(reference, change).get(kw("value"));
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> changeMap(Object message, int change) {
    return (Map<Object, Object>) ((List<?>) ((Map<?, ?>) message).get(kw("changes"))).get(change);
  }

  /** Returns a copy of a push message without the changes' values. */
  @SuppressWarnings("unchecked")
  static Object withoutValues(Object message) {
    Map<Object, Object> copy = new LinkedHashMap<>((Map<Object, Object>) message);
    List<Object> changes = new ArrayList<>();
    for (Object change : (List<?>) copy.get(kw("changes"))) {
      Map<Object, Object> without = new LinkedHashMap<>((Map<Object, Object>) change);
      without.remove(kw("value"));
      changes.add(without);
    }
    copy.put(kw("changes"), changes);
    return copy;
  }
}
