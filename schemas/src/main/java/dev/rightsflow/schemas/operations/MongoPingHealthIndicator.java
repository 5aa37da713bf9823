package dev.rightsflow.schemas.operations;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

import com.mongodb.reactivestreams.client.MongoClient;

import reactor.core.publisher.Mono;

/**
 * MongoDB's health as {@code {ping: 1}} on the {@code admin} database answers it. Replaces Spring
 * Boot's indicator, which sends {@code hello}: the in-process server of the embedded run does not
 * know that command, so health would be DOWN for ever there; {@code ping} is answered by every
 * MongoDB and by the in-process server alike.
 *
 * <p>A failing probe answers DOWN with the error's type and message and logs nothing itself; the
 * change from UP to DOWN and back is logged once each, in one line without a stack trace.
 */
public final class MongoPingHealthIndicator implements ReactiveHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(MongoPingHealthIndicator.class);
    private static final Document PING = new Document("ping", 1);

    private final MongoClient client;
    private final Duration timeout;
    private final AtomicBoolean down = new AtomicBoolean();

    public MongoPingHealthIndicator(MongoClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return Mono.from(client.getDatabase("admin").runCommand(PING))
                .timeout(timeout)
                .map(answer -> {
                    if (down.compareAndSet(true, false)) {
                        log.info("MongoDB answers again");
                    }
                    return Health.up().build();
                })
                .onErrorResume(e -> {
                    String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    if (down.compareAndSet(false, true)) {
                        log.warn("MongoDB health DOWN: {}", firstLine(reason));
                    }
                    return Mono.just(Health.down().withDetail("error", firstLine(reason)).build());
                });
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
