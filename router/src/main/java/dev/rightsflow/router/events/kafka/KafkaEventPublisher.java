package dev.rightsflow.router.events.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.router.events.application.EventPublisher;

/**
 * Publishes through the router's {@link KafkaTemplate} and waits for the broker's acknowledgement
 * (the case model's facts arrive as their Avro events, mapped by {@link CaseEventAvro}).
 */
public final class KafkaEventPublisher implements EventPublisher {

    private final KafkaTemplate<String, Object> template;

    public KafkaEventPublisher(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    @Override
    public void publish(String topic, String key, SpecificRecord event) {
        try {
            template.send(topic, key, event).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }
}
