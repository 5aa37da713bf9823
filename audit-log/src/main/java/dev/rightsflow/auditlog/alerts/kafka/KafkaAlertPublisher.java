package dev.rightsflow.auditlog.alerts.kafka;

import java.util.concurrent.CompletableFuture;

import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.auditlog.alerts.application.AlertPublisher;
import dev.rightsflow.auditlog.alerts.model.AlertRaised;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.DeadlineAlertRaised;
import dev.rightsflow.schemas.kafka.Eventing;

/** Publishes raised alerts on ALERTS as {@code DeadlineAlertRaised} ({@link AlertPublisher}), audit-log as actor. */
public class KafkaAlertPublisher implements AlertPublisher {

    private final KafkaTemplate<String, Object> kafka;

    public KafkaAlertPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    @Override
    public CompletableFuture<Void> publish(AlertRaised raised) {
        DeadlineAlertRaised event = DeadlineAlertRaised.newBuilder()
                .setEventId(raised.alertId())
                .setRequestId(raised.alert().requestId())
                .setOccurredAt(raised.raisedAt())
                .setActor(Events.service("audit-log"))
                .setKind(raised.alert().kind().name())
                .setControllerId(raised.controllerId())
                .setDueDate(raised.alert().dueDate())
                .setTaskId(raised.alert().taskId())
                .build();
        return Eventing.publish(kafka, Topics.ALERTS, event).thenApply(sent -> null);
    }
}
