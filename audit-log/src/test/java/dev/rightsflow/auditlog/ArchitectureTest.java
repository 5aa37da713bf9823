package dev.rightsflow.auditlog;

import static dev.rightsflow.schemas.testing.ArchitectureRules.APPLICATION_IS_FRAMEWORK_FREE;
import static dev.rightsflow.schemas.testing.ArchitectureRules.NO_CYCLES;
import static dev.rightsflow.schemas.testing.ArchitectureRules.WEB_LEAVES_START_UP_ALONE;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.rightsflow.schemas.testing.ArchitectureRules;

/**
 * The shared architecture rules ({@link ArchitectureRules}) applied to the audit log; the deadline calculator's use
 * case ({@code deadlines.application}) is held to the model rule. The use cases of {@code alerts}, {@code cases} and
 * {@code dashboard} are plain Java behind ports (results as {@code CompletableFuture}; the adapters adapt to Reactor;
 * wiring in each feature's {@code *Configuration}; nothing but configurations, web adapters and
 * {@code kafka.FlowListeners} is scanned, no exception). Known violations, to fix: the use cases of {@code trail}
 * ({@code AuditTrail}, {@code AuditStore}, {@code AuditWitness}) use Reactor (left to the trail's own work);
 * {@code trail.web.AuditController} anchors the trail through {@code AuditLogStartup}; a cycle between features:
 * {@code trail.web} borrows {@code dashboard.web}'s problem and HTML helpers while the dashboard reads the trail (the
 * registry no longer implements the calculator's port itself: {@code deadlines.DeadlinesConfiguration} adapts it). Staff actions and alerts publish through ports ({@code dashboard.application.CommandPublisher},
 * {@code alerts.application.AlertPublisher}, implemented in each feature's {@code kafka} adapter), so the rule that
 * application code uses no {@code KafkaTemplate} holds with no exception.
 */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> sharedRules() {
        return ArchitectureRules.forModule("dev.rightsflow.auditlog")
                .alsoPlain("dev.rightsflow.auditlog.deadlines.application..")
                .known(APPLICATION_IS_FRAMEWORK_FREE, "dev.rightsflow.auditlog.trail.application..")
                .known(WEB_LEAVES_START_UP_ALONE, "dev.rightsflow.auditlog.trail.web.AuditController")
                .known(NO_CYCLES, "dev.rightsflow.auditlog.trail.web.AuditController", "dev.rightsflow.auditlog.trail.web.AuditExportPage")
                .tests();
    }
}
