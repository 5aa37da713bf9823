package dev.rightsflow.router.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.rightsflow.router.RouterConfiguration;
import dev.rightsflow.router.application.CaseService;
import dev.rightsflow.router.application.RegistryService;
import dev.rightsflow.router.webhooks.application.WebhookDeliveries;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.state.ProjectionState;

/**
 * The router's Kafka listeners: the one way its state is built, for history and live events
 * alike ({@link ProjectionState}). While the router catches up they fold ({@link RouterStartup#fold});
 * once live they decide ({@link CaseService#handle}). Failures are retried with back-off and then
 * dead-lettered to {@code rightsflow.dlt.router} by the service's error handler.
 */
@Component
public class RouterListeners {

    private final CaseService cases;
    private final RegistryService registry;
    private final RouterStartup startup;
    private final ProjectionState state;
    private final WebhookDeliveries webhooks;

    public RouterListeners(CaseService cases, RegistryService registry, RouterStartup startup,
            @Qualifier("routerProjectionState") ProjectionState state,
            @Qualifier("routerWebhookDeliveries") WebhookDeliveries webhooks) {
        this.webhooks = webhooks;
        this.cases = cases;
        this.registry = registry;
        this.startup = startup;
        this.state = state;
    }

    @KafkaListener(id = "router-requests", topics = Topics.REQUESTS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onRequest(ConsumerRecord<String, SpecificRecord> record) {
        handle(record);
    }

    @KafkaListener(id = "router-task-results", topics = Topics.TASK_RESULTS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onTaskResult(ConsumerRecord<String, SpecificRecord> record) {
        handle(record);
    }

    @KafkaListener(id = "router-case-commands", topics = Topics.CASE_COMMANDS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onCommand(ConsumerRecord<String, SpecificRecord> record) {
        handle(record);
    }

    /**
     * The router's own decisions (cases) and the alerts about its cases: folded while catching up,
     * so a store rebuilt or restored from an older checkpoint knows what was already decided;
     * when live, the store already holds them (decisions are saved as they are made). Live and while
     * catching up alike, they are folded into the webhook deliveries ({@link WebhookDeliveries#on}), after the case.
     */
    @KafkaListener(id = "router-history", topics = {Topics.CASES, Topics.ALERTS},
            groupId = RouterConfiguration.GROUP + "-history", containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onOwnHistory(ConsumerRecord<String, SpecificRecord> record) {
        if (state.catchingUp()) {
            startup.fold(record.topic(), record.value());
        }
        webhooks.on(record.value());
    }

    /** Registry edits, from this or another router instance. */
    @KafkaListener(id = "router-registry", topics = Topics.REGISTRY, groupId = RouterConfiguration.GROUP + "-registry",
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onOrganisation(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof OrganisationPublished published) {
            registry.project(published);
        }
    }

    private void handle(ConsumerRecord<String, SpecificRecord> record) {
        if (state.catchingUp()) {
            startup.fold(record.topic(), record.value());
        } else {
            cases.handle(record.value());
        }
    }
}
