package dev.atomsync.server.http;

import static dev.atomsync.server.testing.Wire.field;
import static dev.atomsync.server.testing.Wire.kw;
import static dev.atomsync.server.testing.Wire.longField;
import static dev.atomsync.server.testing.Wire.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atomsync.server.testing.TestServer;
import dev.atomsync.server.testing.TransitHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushers racing on one document over HTTP: every version is granted to exactly one of them. */
class ConcurrentPushTest {
  private static final int PUSHERS = 6;
  private static final int ATTEMPTS = 40;

  @TempDir Path dir;

  @Test
  void push_grantsEachVersionToExactlyOnePusher() throws Exception {
    try (TestServer server = TestServer.start(dir.resolve("sync.db"));
        ExecutorService pool = Executors.newFixedThreadPool(PUSHERS)) {
      ConcurrentLinkedQueue<Long> okVersions = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Long> okSeqs = new ConcurrentLinkedQueue<>();
      CyclicBarrier start = new CyclicBarrier(PUSHERS);
      List<Future<?>> pushers = new ArrayList<>();
      for (int p = 0; p < PUSHERS; p++) {
        int pusher = p;
        TransitHttp http = server.http();
        pushers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                    long base = currentVersion(http);
                    Map<?, ?> result =
                        http.pushOne("race", put("race:doc", pusher + "/" + attempt, base));
                    if (field(result, "status").equals(kw("ok"))) {
                      assertThat(field(result, "version")).isEqualTo(base + 1);
                      okVersions.add(longField(result, "version"));
                      okSeqs.add(longField(result, "seq"));
                    } else {
                      assertThat(longField(field(result, "doc"), "version")).isGreaterThan(base);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> pusher : pushers) {
        pusher.get();
      }

      long oks = okVersions.size();
      assertThat(oks).isPositive();
      assertThat(okVersions).doesNotHaveDuplicates();
      assertThat(okVersions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, oks).boxed().toList());
      assertThat(okSeqs).doesNotHaveDuplicates();
      Map<?, ?> doc = server.http().pullAll("race").get("race:doc");
      assertThat(field(doc, "version")).isEqualTo(oks);
    }
  }

  private static long currentVersion(TransitHttp http) {
    Map<?, ?> doc = http.pullAll("race").get("race:doc");
    return doc == null ? 0 : longField(doc, "version");
  }
}
