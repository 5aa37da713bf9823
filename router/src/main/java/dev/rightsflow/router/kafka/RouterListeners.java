package dev.rightsflow.router.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.rightsflow.router.RouterConfiguration;
import dev.rightsflow.router.application.CaseService;
import dev.rightsflow.router.application.RegistryService;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;

/**
 * The router's Kafka listeners. Failures are retried with back-off and then dead-lettered to
 * {@code rightsflow.dlt.router} by the service's error handler. The containers start after the
 * rebuild at start ({@link RouterStartup}).
 */
@Component
public class RouterListeners {

    private final CaseService cases;
    private final RegistryService registry;

    public RouterListeners(CaseService cases, RegistryService registry) {
        this.cases = cases;
        this.registry = registry;
    }

    @KafkaListener(id = "router-requests", topics = Topics.REQUESTS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onRequest(SpecificRecord event) {
        cases.handle(event);
    }

    @KafkaListener(id = "router-task-results", topics = Topics.TASK_RESULTS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onTaskResult(SpecificRecord event) {
        cases.handle(event);
    }

    @KafkaListener(id = "router-case-commands", topics = Topics.CASE_COMMANDS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onCommand(SpecificRecord event) {
        cases.handle(event);
    }

    /** Edits published by another router instance (or redelivered own ones) reach this instance's projection. */
    @KafkaListener(id = "router-registry", topics = Topics.REGISTRY, groupId = RouterConfiguration.GROUP + "-registry",
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onOrganisation(SpecificRecord event) {
        if (event instanceof OrganisationPublished published) {
            registry.project(published);
        }
    }
}
