package dev.atomsync.server;

import dev.atomsync.core.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The meters of a server: pushes, pulls, conflicts, errors, live clients and the JVM. {@link
 * #close()} detaches the JVM garbage-collection listener it installs.
 */
public final class ServerMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final @Nullable PrometheusMeterRegistry prometheus;
  final Timer pushTimer;
  final Timer pullTimer;
  final Counter changesApplied;
  final Counter changesConflicted;
  final Counter docsPulled;
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  /** Returns metrics on a new Prometheus registry, served by {@code /metrics}. */
  public static ServerMetrics prometheus() {
    return new ServerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Returns metrics on {@code registry}, for an application that has its own. */
  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.prometheus = registry instanceof PrometheusMeterRegistry p ? p : null;
    this.pushTimer = Timer.builder("atomsync.push").description("push requests").register(registry);
    this.pullTimer = Timer.builder("atomsync.pull").description("pull requests").register(registry);
    this.changesApplied =
        Counter.builder("atomsync.changes").tag("status", "ok").register(registry);
    this.changesConflicted =
        Counter.builder("atomsync.changes").tag("status", "conflict").register(registry);
    this.docsPulled = Counter.builder("atomsync.pulled.docs").register(registry);
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(
          code,
          Counter.builder("atomsync.errors").tag("error", code.keyword().getName()).register(registry));
    }
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Registers gauges that read the live-client count and the last seq when scraped. */
  void watch(LiveEvents events, Supplier<Long> lastSeq) {
    // Gauges hold their state weakly by default; nothing else holds lastSeq, so a garbage
    // collection would turn the gauge into NaN.
    Gauge.builder("atomsync.live.clients", events, LiveEvents::listenerCount)
        .strongReference(true)
        .register(registry);
    Gauge.builder("atomsync.last.seq", lastSeq, s -> s.get()).strongReference(true).register(registry);
  }

  void error(ErrorCode code) {
    errors.get(code).increment();
  }

  /** Returns the registry these meters are on. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Returns the Prometheus text of every meter, or null when the registry is not Prometheus. */
  public @Nullable String scrape() {
    return prometheus == null ? null : prometheus.scrape();
  }

  /** Removes the garbage-collection listener; the meters stay readable. */
  @Override
  public void close() {
    gcMetrics.close();
  }
}
