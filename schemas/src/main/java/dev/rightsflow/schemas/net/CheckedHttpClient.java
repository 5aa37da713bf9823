package dev.rightsflow.schemas.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The blocking {@link HttpClient} for calls to addresses a tenant, processor or admin chose outside the WebClients
 * (connectors' vendor calls, OpenDSR certificate discovery): it keeps the JDK client's API, which the connector SPI
 * hands to connectors, but its connections are made by Apache HttpClient 5, whose {@link DnsResolver} is this
 * class's: each address a connection is about to use is resolved and checked in one step
 * ({@link OutboundAddresses#resolveChecked}). So a name that resolves to a public address when a call is checked
 * and to 127.0.0.1 a moment later (DNS rebinding) is still refused; the JDK client on Java 17 has no resolver hook.
 *
 * <p>Contract: like {@link CheckedAddressResolverGroup}, a refused address fails the call with
 * {@link ForbiddenOutboundAddressException} (not retryable) before any byte is sent, a name that cannot be resolved is
 * an {@link UnknownHostException} (retryable), a host (or {@code host:port}) on the allow-list is connected to
 * whatever it resolves to, and the allow-list is read at each connection. IP literals are checked too. Redirects are
 * not followed (a redirect would be an unchecked target), nothing is retried by the client itself, cookies are not
 * kept and bodies are passed through unchanged (no transparent decompression). The URI is not rewritten, so the
 * {@code Host} header and TLS hostname verification keep the name. {@link HttpRequest#timeout()} bounds the wait
 * for the answer ({@link HttpTimeoutException}); the connect timeout is given at construction
 * ({@link HttpConnectTimeoutException}). Bodies are read whole: these calls exchange small JSON documents.
 */
public final class CheckedHttpClient extends HttpClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> BODILESS = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");

    private final CloseableHttpClient http;
    private final Duration connectTimeout;

    /**
     * @param lookup         name lookup (the JVM's unless a test injects a rebinding one)
     * @param allowedHosts   hosts or {@code host:port} allowed although internal, read at each connection
     * @param connectTimeout how long a connection may take
     */
    public CheckedHttpClient(OutboundAddresses.Lookup lookup, Supplier<? extends Collection<String>> allowedHosts,
            Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        DnsResolver checking = new DnsResolver() {
            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                return OutboundAddresses.resolveChecked(host, port, lookup, allowedHosts.get());
            }

            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return resolve(host, -1).stream().map(InetSocketAddress::getAddress).toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(checking)
                        .setMaxConnTotal(64).setMaxConnPerRoute(16)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout)).build())
                        .build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableContentCompression()
                .build();
    }

    /** With the JVM's resolver and a 10 s connect timeout. */
    public static CheckedHttpClient create(Supplier<? extends Collection<String>> allowedHosts) {
        return new CheckedHttpClient(InetAddress::getAllByName, allowedHosts, CONNECT_TIMEOUT);
    }

    /** A fixed allow-list. */
    public static CheckedHttpClient create(Collection<String> allowedHosts) {
        List<String> allowed = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        return create(() -> allowed);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        ClassicRequestBuilder call = ClassicRequestBuilder.create(request.method()).setUri(request.uri());
        request.headers().map().forEach((name, values) -> values.forEach(value -> call.addHeader(name, value)));
        byte[] body = request.bodyPublisher().isPresent() ? bytes(request.bodyPublisher().get(), request.timeout()) : new byte[0];
        if (body.length > 0 || !BODILESS.contains(request.method().toUpperCase(Locale.ROOT))) {
            call.setEntity(new ByteArrayEntity(body, null));
        }
        HttpClientContext context = HttpClientContext.create();
        RequestConfig.Builder config = RequestConfig.custom();
        request.timeout().ifPresent(timeout -> config.setResponseTimeout(Timeout.of(timeout)));
        context.setRequestConfig(config.build());
        try {
            return http.execute(call.build(), context, response -> {
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (Header header : response.getHeaders()) {
                    headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
                }
                HttpHeaders answerHeaders = HttpHeaders.of(headers, (name, value) -> true);
                byte[] content = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                int status = response.getCode();
                T read = read(handler.apply(new Info(status, answerHeaders)), content);
                return new Answer<>(status, request, answerHeaders, read, request.uri());
            });
        } catch (ConnectTimeoutException e) {
            throw new HttpConnectTimeoutException("connecting to " + request.uri().getHost() + " timed out");
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("no answer from " + request.uri().getHost() + " in time");
        } catch (IOException e) {
            throw refusal(e);
        } catch (RuntimeException e) {
            throw refusal(e);
        }
    }

    /** A refusal by the resolver, however the client wrapped it, is thrown as itself. */
    private static <E extends Exception> E refusal(E e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ForbiddenOutboundAddressException forbidden) {
                throw forbidden;
            }
        }
        return e;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        });
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    /** The request body as bytes, from the JDK publisher the caller built. */
    private static byte[] bytes(HttpRequest.BodyPublisher publisher, Optional<Duration> timeout)
            throws IOException, InterruptedException {
        CompletableFuture<byte[]> collected = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable throwable) {
                collected.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                collected.complete(out.toByteArray());
            }
        });
        return await(collected, timeout.orElse(Duration.ofMinutes(1)));
    }

    /** Hands the answer's bytes to the caller's body subscriber, honouring its demand, and returns what it made. */
    private static <T> T read(HttpResponse.BodySubscriber<T> subscriber, byte[] content) throws IOException {
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean done;

            @Override
            public synchronized void request(long n) {
                if (done || n <= 0) {
                    return;
                }
                done = true;
                if (content.length > 0) {
                    subscriber.onNext(List.of(ByteBuffer.wrap(content)));
                }
                subscriber.onComplete();
            }

            @Override
            public synchronized void cancel() {
                done = true;
            }
        });
        try {
            return await(subscriber.getBody().toCompletableFuture(), Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the answer", e);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout) throws IOException, InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("the body took too long");
        }
    }

    /** What a body handler is told about the answer. */
    private record Info(int statusCode, HttpHeaders headers) implements HttpResponse.ResponseInfo {
        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    /** An answer in the JDK's shape. */
    private record Answer<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body, URI uri)
            implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.of(connectTimeout);
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SSLParameters sslParameters() {
        return sslContext().getDefaultSSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }
}
