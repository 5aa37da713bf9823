package dev.rightsflow.router;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to the router, feature first ({@code registry},
 * {@code events}, {@code requests}, {@code resolution}, {@code planning}, {@code cases}, {@code forwarding},
 * {@code webhooks}, {@code security}, {@code startup}): the rules match {@code ..application..} and the adapters at
 * any depth, and the features are the slices that must be free of cycles. Adapters do not import each other (the case
 * controller's on-demand risk check goes through {@code CaseService.checkRisks}, as the schedule does).
 *
 * <p>No known violations: every application package is framework free. The use cases take the model's inputs
 * ({@code cases.model.CaseInput}, {@code webhooks.model.WebhookAttempted}, {@code requests.model.Request}), mapped
 * from the Avro events by the Kafka adapters ({@code cases.kafka.CaseEventAvro}, {@code webhooks.kafka.WebhookAvro})
 * one input per record, and publish the model's facts through the port {@code events.application.EventPublisher},
 * whose Kafka implementation maps them with the feature's own mapping; what the case keeps in the contract's encoding
 * (the request's event, replayed commands) goes through the port {@code cases.application.CaseCodec}.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.router").tests();
    }
}
