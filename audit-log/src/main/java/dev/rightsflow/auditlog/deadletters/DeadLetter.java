package dev.rightsflow.auditlog.deadletters;

import java.time.Instant;

/**
 * A record a service could not process and sent to its dead-letter topic. Only where it is and why
 * it failed: never the payload, which may hold personal data.
 *
 * @param requestId the record's key (request ids key every flow topic)
 */
public record DeadLetter(String id, String topic, int partition, long offset, String originalTopic,
        Long originalOffset, String exceptionClass, String requestId, Instant at) {
}
