package dev.rightsflow.router.events.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.router.events.application.EventPublisher;

/**
 * Publishes through the router's {@link KafkaTemplate}: each fact mapped to its event in the contract, its topic and
 * key by the feature's mapping (the case's facts by {@code cases.kafka.CaseEventAvro}, a webhook's attempts by
 * {@code webhooks.kafka.WebhookAvro}); {@link #publish} waits for the broker's acknowledgement.
 *
 * @param <F> what the feature publishes
 */
public final class KafkaEventPublisher<F> implements EventPublisher<F> {

    /** An event of the contract, with the topic it goes to and its key. */
    public record Addressed(String topic, String key, SpecificRecord event) {
    }

    private final KafkaTemplate<String, Object> template;
    private final Function<F, Addressed> mapping;

    public KafkaEventPublisher(KafkaTemplate<String, Object> template, Function<F, Addressed> mapping) {
        this.template = template;
        this.mapping = mapping;
    }

    /** A publisher of events already in the contract's terms (the registry's adapter). */
    public static KafkaEventPublisher<Addressed> ofEvents(KafkaTemplate<String, Object> template) {
        return new KafkaEventPublisher<>(template, Function.identity());
    }

    @Override
    public void publish(F fact) {
        Addressed a = mapping.apply(fact);
        try {
            template.send(a.topic(), a.key(), a.event()).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + a.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + a.topic(), e);
        }
    }

    @Override
    public CompletableFuture<?> send(F fact) {
        Addressed a = mapping.apply(fact);
        return template.send(a.topic(), a.key(), a.event());
    }
}
