package dev.atomsync.bench;

import static dev.atomsync.core.Transit.kw;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/** Makes the benchmark's documents: todo-like maps of about 200 bytes of Transit JSON. */
final class SampleDocs {
  private SampleDocs() {}

  static Map<Object, Object> todo(long n, Random random) {
    Map<Object, Object> doc = new LinkedHashMap<>();
    doc.put(kw("text"), "Buy milk and bread for the weekend, item number " + n);
    doc.put(kw("done"), random.nextBoolean());
    doc.put(kw("tags"), Set.of(kw("groceries"), kw("home")));
    doc.put(kw("priority"), (long) random.nextInt(5));
    doc.put(kw("owner"), new UUID(random.nextLong(), random.nextLong()));
    doc.put(kw("created"), new Date(1_700_000_000_000L + n * 1000));
    return doc;
  }
}
