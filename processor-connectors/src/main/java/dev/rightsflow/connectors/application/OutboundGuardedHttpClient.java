package dev.rightsflow.connectors.application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import dev.rightsflow.schemas.net.ForbiddenOutboundAddressException;
import dev.rightsflow.schemas.net.OutboundAddresses;

/**
 * The connectors' {@link HttpClient} with the outbound guard in front: before every request the target is
 * resolved and refused ({@link ForbiddenOutboundAddressException}, which a connector reports as a permanent failure)
 * when it is a loopback, private, link-local/metadata, unspecified or multicast address whose host is not on
 * {@code rightsflow.connectors.allowed-outbound-hosts}. A registry entry chooses a system's {@code baseUrl}, so
 * without this a registry admin could make the platform call its own network. A name that cannot be resolved is
 * an {@link IOException} (retriable), as the client itself would report it. Redirects are not followed by the
 * delegate, so the checked target is the one called.
 */
public final class OutboundGuardedHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final List<String> allowedHosts;

    /**
     * @param delegate     the client that makes the calls (must not follow redirects)
     * @param allowedHosts hosts or {@code host:port} allowed although internal
     */
    public OutboundGuardedHttpClient(HttpClient delegate, Collection<String> allowedHosts) {
        this.delegate = delegate;
        this.allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    private void check(HttpRequest request) throws IOException {
        try {
            OutboundAddresses.check(request.uri(), allowedHosts);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        check(request);
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
            check(request);
        } catch (IOException | ForbiddenOutboundAddressException e) {
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
