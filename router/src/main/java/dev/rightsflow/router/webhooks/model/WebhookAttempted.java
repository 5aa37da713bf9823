package dev.rightsflow.router.webhooks.model;

import java.time.Instant;

/**
 * One attempt to deliver an organisation's webhook, as a fact (the contract's {@code WebhookAttempted} on the cases
 * topic, published by the router itself): the delivery log and the retries owed after a restart are folded from it.
 *
 * @param eventId       derived from the delivery and the attempt's number
 * @param statusCode    the receiver's HTTP status; null when it did not answer
 * @param outcome       {@code DELIVERED}, {@code RETRYING} or {@code DEAD}
 * @param error         why it failed, in words; null when delivered
 * @param nextAttemptAt when it is tried again; null when it is not
 * @param payload       the message body sent (no personal data)
 */
public record WebhookAttempted(String eventId, String requestId, Instant occurredAt, String organisationId,
        String webhookId, String deliveryId, String eventType, String triggerEventId, int attempt, Integer statusCode,
        String outcome, String error, Instant nextAttemptAt, String payload) {

    /** The attempt as the delivery records it. */
    public Delivery.Attempt toAttempt() {
        return new Delivery.Attempt(attempt, occurredAt, statusCode, outcome, error, nextAttemptAt);
    }
}
