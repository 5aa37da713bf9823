package dev.rightsflow.router;

import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to the router, feature first ({@code registry},
 * {@code events}, {@code resolution}, {@code planning}, {@code cases}, {@code forwarding}, {@code webhooks},
 * {@code security}, {@code startup}): the rules match {@code ..application..} and the adapters at any depth, and the
 * features are the slices that must be free of cycles. Adapters do not import each other (the case controller's
 * on-demand risk check goes through {@code CaseService.checkRisks}, as the schedule does).
 *
 * <p>Known violations of "application is framework free", listed class by class so that every other class of an
 * application package (and every new one) is held to the rule (the registry's use case is: it publishes through
 * its port {@code registry.application.RegistryPublisher}, implemented by {@code registry.kafka.RegistryEvents}); all
 * are issue 14's "Avro mapping moves to the Kafka adapter", not done yet:
 * <ul>
 * <li>{@code cases.application.CaseWorkflow}, {@code CaseProjection}, {@code CaseService}: they take the request's
 * own events and the connectors' results as Avro ({@code RequestReceived}, {@code TaskResult}, ...), build the
 * forwarding and plan records ({@code RequestForwarded}, {@code CasePlanned}, {@code TaskDispatched}) and
 * {@code CaseService} awaits the sends as {@code CompletableFuture}s of Avro records; {@code TaskContent} cuts the
 * Avro subject and details down to what a task may carry; {@code EventTranslator} is the port the model's facts
 * cross into Avro through.</li>
 * <li>{@code events.application.EventPublisher}: the port publishes Avro {@code SpecificRecord}s.</li>
 * <li>{@code forwarding.application.ExternalForwarder}: forwards the Avro {@code RequestReceived}.</li>
 * <li>{@code webhooks.application.WebhookDeliveries}, {@code PreApprovals}: fold Avro case events and publish Avro
 * commands and {@code WebhookAttempted}; use Reactor for the calls.</li>
 * </ul>
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.router")
                .known(APPLICATION_IS_FRAMEWORK_FREE, "dev.rightsflow.router.cases.application.CaseWorkflow",
                        "dev.rightsflow.router.cases.application.CaseProjection",
                        "dev.rightsflow.router.cases.application.CaseService",
                        "dev.rightsflow.router.cases.application.TaskContent",
                        "dev.rightsflow.router.cases.application.EventTranslator",
                        "dev.rightsflow.router.events.application.EventPublisher",
                        "dev.rightsflow.router.forwarding.application.ExternalForwarder",
                        "dev.rightsflow.router.webhooks.application.WebhookDeliveries",
                        "dev.rightsflow.router.webhooks.application.PreApprovals")
                .tests();
    }
}
