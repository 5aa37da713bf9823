package dev.rightsflow.router.webhooks.kafka;

import dev.rightsflow.router.cases.kafka.CaseEventAvro;
import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.events.kafka.KafkaEventPublisher.Addressed;
import dev.rightsflow.router.webhooks.model.WebhookAttempted;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;

/**
 * The webhooks' facts and commands in the event contract: a delivery attempt as {@code WebhookAttempted} on the
 * cases topic (and back, when the router's history is folded), and a pre-approval webhook's answer as the staff
 * command it stands for on the case-commands topic, both keyed by the request.
 */
public final class WebhookAvro {

    private WebhookAvro() {
    }

    /** An attempt to publish, with its topic and key. */
    public static Addressed address(WebhookAttempted a) {
        return new Addressed(Topics.CASES, a.requestId(), toAvro(a));
    }

    /** A pre-approval webhook's answer to publish, as its command, with its topic and key. */
    public static Addressed address(CaseCommand command) {
        return new Addressed(Topics.CASE_COMMANDS, command.requestId(), CaseEventAvro.toAvro(command));
    }

    public static dev.rightsflow.schemas.avro.WebhookAttempted toAvro(WebhookAttempted a) {
        return dev.rightsflow.schemas.avro.WebhookAttempted.newBuilder().setEventId(a.eventId())
                .setRequestId(a.requestId()).setOccurredAt(a.occurredAt()).setActor(Events.service("router"))
                .setOrganisationId(a.organisationId()).setWebhookId(a.webhookId()).setDeliveryId(a.deliveryId())
                .setEventType(a.eventType()).setTriggerEventId(a.triggerEventId()).setAttempt(a.attempt())
                .setStatusCode(a.statusCode()).setOutcome(a.outcome()).setError(a.error())
                .setNextAttemptAt(a.nextAttemptAt()).setPayload(a.payload()).build();
    }

    public static WebhookAttempted fromAvro(dev.rightsflow.schemas.avro.WebhookAttempted a) {
        return new WebhookAttempted(a.getEventId(), a.getRequestId(), a.getOccurredAt(), a.getOrganisationId(),
                a.getWebhookId(), a.getDeliveryId(), a.getEventType(), a.getTriggerEventId(), a.getAttempt(),
                a.getStatusCode(), a.getOutcome(), a.getError(), a.getNextAttemptAt(), a.getPayload());
    }
}
