package dev.atomsync.server;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a server listens and whom it lets in. Immutable; build with {@link #builder()}.
 *
 * @param host the address to bind, null for every interface
 * @param port the port, 0 for any free one
 * @param users who may use which groups; {@link Users#open()} for development mode
 * @param corsOrigins origins allowed by CORS; {@code "*"} allows any
 * @param maxBodyBytes the largest request body accepted
 * @param pingInterval how often an idle live-events stream gets a {@code : ping} comment
 * @param shutdownTimeout how long shutdown waits for requests in flight
 */
public record ServerOptions(
    @Nullable String host,
    int port,
    Users users,
    List<String> corsOrigins,
    long maxBodyBytes,
    Duration pingInterval,
    Duration shutdownTimeout) {

  /** The default body limit of PROTOCOL.md: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("pingInterval must be positive: " + pingInterval);
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative: " + shutdownTimeout);
    }
    corsOrigins = List.copyOf(corsOrigins);
  }

  /** Returns a builder with the defaults: every interface, port 8090, open mode, CORS for all. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ServerOptions}; not thread-safe. */
  public static final class Builder {
    private @Nullable String host;
    private int port = 8090;
    private Users users = Users.open();
    private List<String> corsOrigins = List.of("*");
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Duration pingInterval = Duration.ofSeconds(15);
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    private Builder() {}

    public Builder host(@Nullable String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder users(Users users) {
      this.users = users;
      return this;
    }

    public Builder corsOrigins(List<String> corsOrigins) {
      this.corsOrigins = corsOrigins;
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    public ServerOptions build() {
      return new ServerOptions(
          host, port, users, corsOrigins, maxBodyBytes, pingInterval, shutdownTimeout);
    }
  }
}
