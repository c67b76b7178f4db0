package dev.atomsync.bench;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that passes every call to another and tells a {@link Probe} when a push or
 * pull is sent and answered and when a live event's bytes arrive: the harness's own
 * instrumentation of a client's sync traffic, with no change to the library.
 */
final class TimedHttpClient extends HttpClient {

  /** The moments a probe is told of. */
  enum Moment { PUSH_SENT, PUSH_ANSWERED, PULL_SENT, PULL_ANSWERED, EVENT_ARRIVED }

  /** What is timed; called on the client's threads with {@link System#nanoTime()}. */
  @FunctionalInterface
  interface Probe {
    void seen(Moment moment, long nanos);
  }

  private final HttpClient delegate;
  private final Probe probe;

  TimedHttpClient(HttpClient delegate, Probe probe) {
    this.delegate = delegate;
    this.probe = probe;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    String path = request.uri().getPath();
    if (path.endsWith("/events")) {
      return delegate.send(request, info -> new TimedSubscriber<>(handler.apply(info), probe));
    }
    boolean push = request.method().equals("POST");
    probe.seen(push ? Moment.PUSH_SENT : Moment.PULL_SENT, System.nanoTime());
    HttpResponse<T> response = delegate.send(request, handler);
    probe.seen(push ? Moment.PUSH_ANSWERED : Moment.PULL_ANSWERED, System.nanoTime());
    return response;
  }

  /** Notes the arrival of every chunk of the event stream that holds a change event. */
  private record TimedSubscriber<T>(HttpResponse.BodySubscriber<T> delegate, Probe probe)
      implements HttpResponse.BodySubscriber<T> {
    @Override
    public CompletionStage<T> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      delegate.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      long now = System.nanoTime();
      for (ByteBuffer buffer : item) {
        if (StandardCharsets.US_ASCII.decode(buffer.duplicate()).toString().contains("change")) {
          probe.seen(Moment.EVENT_ARRIVED, now);
          break;
        }
      }
      delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      delegate.onComplete();
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(request, handler, pushPromiseHandler);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public void shutdownNow() {
    delegate.shutdownNow();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
