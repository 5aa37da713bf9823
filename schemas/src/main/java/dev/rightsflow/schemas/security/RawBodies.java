package dev.rightsflow.schemas.security;

import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The raw body of a signed call, for a Spring Security chain whose authentication checks a signature over the exact
 * bytes (a processor's HMAC, an OpenDSR {@code X-OpenDSR-Signature}): a filter placed before authentication reads the
 * body once, keeps the bytes as an exchange attribute ({@link #of}) and hands the handler a request that replays the
 * same bytes, so the handler reads what was verified.
 *
 * <p>Contract: only calls whose headers say they are signed are read; any other call passes untouched (its body is
 * not read before it is authenticated). A body over {@code limit} bytes (declared or actual) is answered by
 * {@code tooLarge} and goes no further.
 */
public final class RawBodies {

    private static final String ATTRIBUTE = RawBodies.class.getName() + ".raw";

    private RawBodies() {
    }

    /** The bytes {@link #cache} read for this exchange; empty if it read none. */
    public static byte[] of(ServerWebExchange exchange) {
        return exchange.getAttributeOrDefault(ATTRIBUTE, new byte[0]);
    }

    /**
     * A body's bytes, at most {@code limit} of them (else {@link DataBufferLimitException}); an empty body is no bytes.
     */
    public static Mono<byte[]> read(Flux<DataBuffer> body, long limit) {
        return DataBufferUtils.join(body, (int) limit)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    public static WebFilter cache(long limit, Predicate<HttpHeaders> signed, Function<ServerWebExchange, Mono<Void>> tooLarge) {
        return (exchange, chain) -> {
            if (!signed.test(exchange.getRequest().getHeaders())) {
                return chain.filter(exchange);
            }
            if (exchange.getRequest().getHeaders().getContentLength() > limit) {
                return tooLarge.apply(exchange);
            }
            return read(exchange.getRequest().getBody(), limit)
                    .flatMap(bytes -> {
                        ServerHttpRequest replay = new ServerHttpRequestDecorator(exchange.getRequest()) {
                            @Override
                            public Flux<DataBuffer> getBody() {
                                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(bytes)));
                            }
                        };
                        ServerWebExchange cached = exchange.mutate().request(replay).build();
                        cached.getAttributes().put(ATTRIBUTE, bytes);
                        return chain.filter(cached);
                    })
                    .onErrorResume(DataBufferLimitException.class, e -> tooLarge.apply(exchange));
        };
    }
}
