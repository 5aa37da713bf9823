package dev.rightsflow.connectors.lanes.application;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.github.resilience4j.ratelimiter.RateLimiter;

/**
 * The runtime's shared {@link HttpClient} as one lane sees it: every request waits for a permit
 * of the lane's rate limiter (Resilience4j) before it is sent, so a vendor's "N requests per
 * period" holds however many tasks and calls per task the lane runs. The wait blocks only the
 * lane's own thread, so other vendors' lanes carry on. A request that cannot get a permit within
 * the limiter's timeout fails with {@link RateLimitWaitExceeded} (an {@link IOException}: the
 * connector reports a retriable failure and the runner schedules the task again).
 */
public final class RateLimitedHttpClient extends HttpClient {

    /** No permit within the lane's longest wait. */
    static final class RateLimitWaitExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        RateLimitWaitExceeded(String lane) {
            super("the rate limit of lane " + lane + " left no room in time");
        }
    }

    private final HttpClient delegate;
    private final RateLimiter limiter;

    public RateLimitedHttpClient(HttpClient delegate, RateLimiter limiter) {
        this.delegate = delegate;
        this.limiter = limiter;
    }

    private void waitForTurn() throws IOException, InterruptedException {
        boolean permitted = limiter.acquirePermission();
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted while waiting for the rate limit of " + limiter.getName());
        }
        if (!permitted) {
            throw new RateLimitWaitExceeded(limiter.getName());
        }
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        waitForTurn();
        return delegate.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        try {
            waitForTurn();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
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
}
