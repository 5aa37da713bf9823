package dev.rightsflow.connectors.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import dev.rightsflow.connectors.ProcessorConnectorsConfiguration;
import dev.rightsflow.connectors.application.AccessPackages;
import dev.rightsflow.connectors.application.PackageStore;
import dev.rightsflow.connectors.application.TaskRunner;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.PersonalDataErased;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCancelled;
import dev.rightsflow.schemas.avro.TaskDispatched;

/**
 * The service's Kafka listeners: the one way its state is built ({@link ProjectionState}). Each blocks only until its state is stored (so the offset is
 * committed after the write, and a failure goes through the shared error handler to the
 * dead-letter topic); vendor calls happen on the runner's lanes, never on a listener thread.
 * Other event types on the same topics are none of this service's business and are skipped.
 */
public class ConnectorsListeners {

    private static final Logger log = LoggerFactory.getLogger(ConnectorsListeners.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final TaskRunner runner;
    private final AccessPackages packages;
    private final PackageStore packageStore;
    private final ProjectionRebuild startup;
    private final ProjectionState state;

    public ConnectorsListeners(TaskRunner runner, AccessPackages packages, PackageStore packageStore,
            ProjectionRebuild startup, ProjectionState state) {
        this.runner = runner;
        this.packages = packages;
        this.packageStore = packageStore;
        this.startup = startup;
        this.state = state;
    }

    /** While catching up every listener folds ({@link ProjectionRebuild#fold}); live, it acts. */
    private boolean folded(ConsumerRecord<String, SpecificRecord> record) {
        if (state.catchingUp()) {
            startup.fold(record.value());
            return true;
        }
        return false;
    }

    /** This service's own results: folded while catching up; when live the store already holds them. */
    @KafkaListener(id = "connectors-history", topics = Topics.TASK_RESULTS, groupId = ProcessorConnectorsConfiguration.GROUP + "-history",
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY)
    public void onOwnResult(ConsumerRecord<String, SpecificRecord> record) {
        folded(record);
    }

    @KafkaListener(id = "connectors-tasks", topics = Topics.TASKS, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY)
    public void onTask(ConsumerRecord<String, SpecificRecord> record) {
        if (folded(record)) {
            return;
        }
        if (record.value() instanceof TaskDispatched dispatched) {
            runner.accept(AvroMapping.task(dispatched)).block(WRITE_TIMEOUT);
        } else if (record.value() instanceof TaskCancelled cancelled) {
            Boolean changed = runner.cancel(cancelled.getTaskId(), cancelled.getReason()).block(WRITE_TIMEOUT);
            log.info("withdrawal of task {}: {}", cancelled.getTaskId(), Boolean.TRUE.equals(changed) ? "applied" : "nothing to do");
        }
    }

    @KafkaListener(id = "connectors-commands", topics = Topics.CASE_COMMANDS, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY)
    public void onCommand(ConsumerRecord<String, SpecificRecord> record) {
        if (folded(record)) {
            return;
        }
        if (record.value() instanceof ConfirmManualTask confirm) {
            Boolean changed = runner.confirmManually(confirm.getTaskId(), confirm.getSubjectFound(), confirm.getEvidence(),
                    AvroMapping.findings(confirm.getFindings()), AvroMapping.actor(confirm.getActor()), confirm.getEventId()).block(WRITE_TIMEOUT);
            log.info("manual confirmation of task {}: {}", confirm.getTaskId(), Boolean.TRUE.equals(changed) ? "applied" : "nothing to do");
        } else if (record.value() instanceof RetryTask retry) {
            Boolean changed = runner.retry(retry.getTaskId(), retry.getEventId(), retry.getOccurredAt()).block(WRITE_TIMEOUT);
            log.info("retry of task {}: {}", retry.getTaskId(), Boolean.TRUE.equals(changed) ? "applied" : "nothing to do");
        }
    }

    @KafkaListener(id = "connectors-cases", topics = Topics.CASES, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY)
    public void onCase(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof PersonalDataErased erased) {
            // while catching up too: a checkpointed store may still hold what the topics no longer reveal
            Long changed = runner.erasePersonalData(erased.getRequestId()).block(WRITE_TIMEOUT);
            packages.erase(erased.getRequestId()).block(WRITE_TIMEOUT);
            log.info("request {}: personal data erased from {} task(s) after retention", erased.getRequestId(), changed);
        }
        if (folded(record)) {
            return;
        }
        if (record.value() instanceof CasePlanned planned) {
            packages.planned(plan(planned)).block(WRITE_TIMEOUT);
        }
    }

    @KafkaListener(id = "connectors-requests", topics = Topics.REQUESTS, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY)
    public void onRequest(ConsumerRecord<String, SpecificRecord> record) {
        if (folded(record)) {
            return;
        }
        if (record.value() instanceof RequestReceived received && received.getStatusTokenHash() != null) {
            packageStore.saveTokenHash(received.getRequestId(), received.getStatusTokenHash()).block(WRITE_TIMEOUT);
        }
    }

    static PackageStore.Plan plan(CasePlanned planned) {
        List<String> exports = planned.getTasks().stream().filter(t -> t.getAction() == TaskAction.EXPORT)
                .map(t -> t.getTaskId().toString()).toList();
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        planned.getTasks().stream().filter(t -> t.getSystemName() != null)
                .forEach(t -> names.putIfAbsent(t.getSystemId().toString(), t.getSystemName().toString()));
        return new PackageStore.Plan(planned.getRequestId(), exports, names);
    }
}
