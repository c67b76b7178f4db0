package dev.atomsync.client;

import static java.util.Objects.requireNonNull;

import dev.atomsync.client.spi.SyncTransport;
import dev.atomsync.core.Codec;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one {@link SyncedAtom} syncs: with which server, as whom, how often, and how it settles
 * conflicts.
 *
 * <p>Immutable and thread-safe: every setting method returns a copy, so each step of a chain is a
 * complete, validated configuration that can be handed to {@link AtomSync#atom(String,
 * SyncOptions)} as is:
 *
 * <pre>{@code
 * SyncOptions.server(URI.create("http://localhost:8090/sync")).token("abc123")
 * }</pre>
 *
 * <p>Start from {@link #server(URI)}, {@link #transport(SyncTransport)} or {@link #localOnly()}. Settings are checked when set, and a
 * bad one fails at once with a message naming it. Two options are equal when every setting is;
 * codecs and HTTP clients compare by identity.
 */
public final class SyncOptions {
  /** The default time between two pulls when no live event arrives. */
  public static final Duration DEFAULT_PULL_INTERVAL = Duration.ofSeconds(5);

  /**
   * The default wait after a local write before pushing it: none. Bursts still go out in few
   * pushes, because writes made while a push is in flight are taken together by the next one; a
   * wait would only add to every write's propagation time (it was 40% of the median at 2 ms).
   */
  public static final Duration DEFAULT_PUSH_DEBOUNCE = Duration.ZERO;

  /**
   * The largest encoded document a synced atom takes (8 MiB): a change that sets a larger one is
   * refused, since the server's default request limit (16 MiB) would refuse its push forever.
   */
  public static final long MAX_DOCUMENT_BYTES = 8L * 1024 * 1024;

  /** The default wait after the first failed round; it doubles with each further failure. */
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);

  /** The default longest wait between two attempts while the server cannot be reached. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  /** The default longest wait for the answer to one pull or push before the round fails. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final SyncOptions LOCAL_ONLY =
      new SyncOptions(null, null, DEFAULT_PULL_INTERVAL, DEFAULT_PUSH_DEBOUNCE,
          ConflictStrategy.serverWins(), null, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, null,
          null, DEFAULT_REQUEST_TIMEOUT);

  private final @Nullable URI server;
  private final @Nullable String token;
  private final Duration pullInterval;
  private final Duration pushDebounce;
  private final ConflictStrategy conflictStrategy;
  private final @Nullable Codec codec;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final @Nullable HttpClient httpClient;
  private final @Nullable SyncTransport transport;
  private final Duration requestTimeout;

  private SyncOptions(
      @Nullable URI server,
      @Nullable String token,
      Duration pullInterval,
      Duration pushDebounce,
      ConflictStrategy conflictStrategy,
      @Nullable Codec codec,
      Duration minBackoff,
      Duration maxBackoff,
      @Nullable HttpClient httpClient,
      @Nullable SyncTransport transport,
      Duration requestTimeout) {
    this.server = server;
    this.token = token;
    this.pullInterval = pullInterval;
    this.pushDebounce = pushDebounce;
    this.conflictStrategy = conflictStrategy;
    this.codec = codec;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.httpClient = httpClient;
    this.transport = transport;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Returns options that sync with the server at {@code server} (the {@code /sync} endpoint), with
   * every other setting at its default.
   *
   * @throws IllegalArgumentException when {@code server} is not an absolute http or https URI
   */
  public static SyncOptions server(URI server) {
    requireNonNull(server, "server");
    String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
    if (!server.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
        || server.getHost() == null) {
      throw new IllegalArgumentException(
          "server must be an absolute http or https URI with a host: " + server);
    }
    return new SyncOptions(server, null, LOCAL_ONLY.pullInterval, LOCAL_ONLY.pushDebounce,
        LOCAL_ONLY.conflictStrategy, null, LOCAL_ONLY.minBackoff, LOCAL_ONLY.maxBackoff, null,
        null, LOCAL_ONLY.requestTimeout);
  }

  /**
   * Returns options that sync through {@code transport} instead of HTTP, with every other setting
   * at its default: for instance an atom that a server process binds to its own store ({@code
   * SyncService.transport}). Token and HTTP client do not apply.
   */
  public static SyncOptions transport(SyncTransport transport) {
    requireNonNull(transport, "transport");
    return new SyncOptions(null, null, LOCAL_ONLY.pullInterval, LOCAL_ONLY.pushDebounce,
        LOCAL_ONLY.conflictStrategy, null, LOCAL_ONLY.minBackoff, LOCAL_ONLY.maxBackoff, null,
        transport, LOCAL_ONLY.requestTimeout);
  }

  /** Returns options for an atom that never syncs: it keeps its documents in the local store only. */
  public static SyncOptions localOnly() {
    return LOCAL_ONLY;
  }

  /**
   * Returns a copy that sends {@code token} as {@code Authorization: Bearer} on every request.
   *
   * @throws IllegalArgumentException when {@code token} is empty or holds whitespace or control
   *     characters
   * @throws IllegalStateException when these options have no server
   */
  public SyncOptions token(String token) {
    requireNonNull(token, "token");
    if (server == null) {
      throw new IllegalStateException(
          (transport == null ? "a local-only atom has no server to send a token to"
              : "a token is for an HTTP server, not for " + transport)
              + "; start from SyncOptions.server(uri)");
    }
    if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException(
          "token must be non-empty without whitespace or control characters");
    }
    return new SyncOptions(server, token, pullInterval, pushDebounce, conflictStrategy, codec,
        minBackoff, maxBackoff, httpClient, transport,
        requestTimeout);
  }

  /**
   * Returns a copy that pulls every {@code interval} when no live event arrives (default 5 s).
   *
   * @throws IllegalArgumentException when {@code interval} is not positive
   */
  public SyncOptions pullInterval(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("pull interval must be positive: " + interval);
    }
    return new SyncOptions(server, token, interval, pushDebounce, conflictStrategy, codec,
        minBackoff, maxBackoff, httpClient, transport,
        requestTimeout);
  }

  /**
   * Returns a copy that waits {@code debounce} after a local write before pushing (default none).
   *
   * @throws IllegalArgumentException when {@code debounce} is negative
   */
  public SyncOptions pushDebounce(Duration debounce) {
    requireNonNull(debounce, "debounce");
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("push debounce must not be negative: " + debounce);
    }
    return new SyncOptions(server, token, pullInterval, debounce, conflictStrategy, codec,
        minBackoff, maxBackoff, httpClient, transport,
        requestTimeout);
  }

  /** Returns a copy that settles conflicts with {@code strategy} (default server wins). */
  public SyncOptions conflictStrategy(ConflictStrategy strategy) {
    requireNonNull(strategy, "strategy");
    return new SyncOptions(server, token, pullInterval, pushDebounce, strategy, codec,
        minBackoff, maxBackoff, httpClient, transport,
        requestTimeout);
  }

  /**
   * Returns a copy whose atom encodes its documents with {@code codec} instead of the codec of its
   * {@link AtomSync}, locally and on the wire.
   */
  public SyncOptions codec(Codec codec) {
    requireNonNull(codec, "codec");
    return new SyncOptions(server, token, pullInterval, pushDebounce, conflictStrategy, codec,
        minBackoff, maxBackoff, httpClient, transport,
        requestTimeout);
  }

  /**
   * Returns a copy that, after a failed round, waits between {@code min} (doubling with each
   * further failure, with jitter) and {@code max} before the next attempt (defaults 100 ms and
   * 10 s). Errors that retrying will not fix by themselves (401, 403, 400) wait {@code max}.
   *
   * @throws IllegalArgumentException when {@code min} is not positive or {@code max} is less
   */
  public SyncOptions backoff(Duration min, Duration max) {
    requireNonNull(min, "min");
    requireNonNull(max, "max");
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < min <= max: min " + min + ", max " + max);
    }
    return new SyncOptions(server, token, pullInterval, pushDebounce, conflictStrategy, codec,
        min, max, httpClient, transport, requestTimeout);
  }

  /**
   * Returns a copy that talks to the server through {@code client} instead of one the {@link
   * AtomSync} makes and closes; the caller keeps ownership of {@code client}.
   */
  public SyncOptions httpClient(HttpClient client) {
    requireNonNull(client, "client");
    return new SyncOptions(server, token, pullInterval, pushDebounce, conflictStrategy, codec,
        minBackoff, maxBackoff, client, transport, requestTimeout);
  }

  /**
   * Returns a copy that gives up on one pull or push after {@code timeout} without an answer
   * (default 30 s), so that a server or network that swallows requests counts as offline.
   *
   * @throws IllegalArgumentException when {@code timeout} is not positive
   */
  public SyncOptions requestTimeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("request timeout must be positive: " + timeout);
    }
    return new SyncOptions(server, token, pullInterval, pushDebounce, conflictStrategy, codec,
        minBackoff, maxBackoff, httpClient, transport, timeout);
  }

  /** Returns the longest wait for the answer to one pull or push. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Returns the shortest wait after a failed round. */
  public Duration minBackoff() {
    return minBackoff;
  }

  /** Returns the longest wait between two attempts. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Returns the HTTP client to use; null when the {@link AtomSync} provides one. */
  public @Nullable HttpClient httpClient() {
    return httpClient;
  }

  /** Returns the server's sync endpoint; null for a local-only atom. */
  public @Nullable URI server() {
    return server;
  }

  /** Returns the bearer token; null when none is sent. */
  public @Nullable String token() {
    return token;
  }

  /** Returns the time between pulls when no live event arrives. */
  public Duration pullInterval() {
    return pullInterval;
  }

  /** Returns the wait after a local write before pushing. */
  public Duration pushDebounce() {
    return pushDebounce;
  }

  /** Returns how conflicts are settled. */
  public ConflictStrategy conflictStrategy() {
    return conflictStrategy;
  }

  /** Returns the atom's own codec; null when it uses the codec of its {@link AtomSync}. */
  public @Nullable Codec codec() {
    return codec;
  }

  /** Returns the transport given to {@link #transport(SyncTransport)}; null for HTTP or none. */
  public @Nullable SyncTransport syncTransport() {
    return transport;
  }

  /** Returns whether these options name no server and no transport: the atom never syncs. */
  public boolean isLocalOnly() {
    return server == null && transport == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncOptions that
        && Objects.equals(server, that.server)
        && Objects.equals(token, that.token)
        && pullInterval.equals(that.pullInterval)
        && pushDebounce.equals(that.pushDebounce)
        && conflictStrategy.equals(that.conflictStrategy)
        && codec == that.codec
        && minBackoff.equals(that.minBackoff)
        && maxBackoff.equals(that.maxBackoff)
        && httpClient == that.httpClient
        && transport == that.transport
        && requestTimeout.equals(that.requestTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(server, token, pullInterval, pushDebounce, conflictStrategy,
        System.identityHashCode(codec), minBackoff, maxBackoff, System.identityHashCode(httpClient),
        System.identityHashCode(transport), requestTimeout);
  }

  /** Returns the settings, with the token masked. */
  @Override
  public String toString() {
    return "SyncOptions{server=" + (server != null ? server
            : transport != null ? "via " + transport : "none (local only)")
        + ", token=" + (token == null ? "none" : "***")
        + ", pullInterval=" + pullInterval
        + ", pushDebounce=" + pushDebounce
        + ", conflictStrategy=" + conflictStrategy
        + ", codec=" + (codec == null ? "inherited" : codec)
        + ", backoff=" + minBackoff + ".." + maxBackoff
        + ", requestTimeout=" + requestTimeout
        + ", httpClient=" + (httpClient == null ? "own" : httpClient) + "}";
  }
}
