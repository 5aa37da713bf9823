package dev.rightsflow.connectors.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import dev.rightsflow.connectors.ProcessorConnectorsConfiguration;
import dev.rightsflow.connectors.packages.application.AccessPackages;
import dev.rightsflow.connectors.packages.application.PackageStore;
import dev.rightsflow.connectors.tasks.application.TaskRunner;
import dev.rightsflow.connectors.tasks.kafka.AvroMapping;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.avro.AccessPackageDownloaded;
import dev.rightsflow.schemas.avro.AccessPackageReady;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.PersonalDataErased;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskCancelled;
import dev.rightsflow.schemas.avro.TaskDispatched;

/**
 * The service's Kafka listeners: the one way its state is built ({@link ProjectionState}). Each takes a
 * poll's records at a time (batch listeners, {@code ProjectionState#configureBatch}) and blocks only until
 * their state is stored, so the offsets are stored after the writes; vendor calls happen on the runner's
 * lanes, never on a listener thread. Other event types on the same topics are none of this service's
 * business and are skipped.
 *
 * <p>A poll is handled in its order, per partition as Kafka delivered it. The frequent records go in
 * runs, each run in a handful of store round trips whatever its length: dispatched tasks (one {@code _id
 * $in} read of the run's task ids, one bulk insert of the new ones, one sweep of the runner), plans and
 * status-token hashes (one bulk upsert each), and, while catching up, task results (one read, the results
 * applied in order in memory, one version-conditioned bulk replace). The rare records (withdrawals, staff
 * commands, retention ends, access packages) are handled one at a time in their place, so a run never
 * jumps over one of them. A run whose bulk write fails is handled again one record at a time, exactly as
 * a record listener would (every step is idempotent: an insert that finds its task stored means already
 * there). A record that cannot be handled stops the poll there ({@link ProjectionState#failedAt}): the
 * records before it are written and count as handled, it is retried, then dead-lettered, and the rest
 * come again.
 */
public class ConnectorsListeners {

    /**
     * Records per poll, and so per listener call ({@code max.poll.records}); 1 makes every call handle
     * one record, as record listeners did (the fold benchmark compares both).
     */
    public static final String RECORDS_PER_POLL = "rightsflow.connectors.records-per-poll";
    private static final String MAX_POLL_RECORDS = "max.poll.records=${" + RECORDS_PER_POLL + ":500}";
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

    /** This service's own results: folded while catching up (the results of a run in bulk); when live the store already holds them. */
    @KafkaListener(id = "connectors-history", topics = Topics.TASK_RESULTS, groupId = ProcessorConnectorsConfiguration.GROUP + "-history",
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY, properties = MAX_POLL_RECORDS)
    public void onOwnResults(List<ConsumerRecord<String, SpecificRecord>> records) {
        if (!state.catchingUp()) {
            inOrder(records, e -> true, run -> { }, r -> { });
            return;
        }
        inOrder(records, e -> !(e instanceof AccessPackageReady || e instanceof AccessPackageDownloaded),
                run -> startup.foldResults(run.stream().map(ConsumerRecord::value).toList()), r -> startup.fold(r.value()));
    }

    @KafkaListener(id = "connectors-tasks", topics = Topics.TASKS, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY, properties = MAX_POLL_RECORDS)
    public void onTasks(List<ConsumerRecord<String, SpecificRecord>> records) {
        boolean catchingUp = state.catchingUp();
        inOrder(records, e -> !(e instanceof TaskCancelled), run -> {
            // an unknown action fails the mapping: the run goes one at a time, where that record is skipped or fails
            List<TaskRecord> dispatched = run.stream().filter(r -> r.value() instanceof TaskDispatched)
                    .map(r -> AvroMapping.task((TaskDispatched) r.value())).toList();
            if (dispatched.isEmpty()) {
                return;
            }
            if (catchingUp) {
                startup.foldDispatched(dispatched);
            } else {
                runner.acceptAll(dispatched).block(WRITE_TIMEOUT);
            }
        }, r -> onTask(r, catchingUp));
    }

    private void onTask(ConsumerRecord<String, SpecificRecord> record, boolean catchingUp) {
        if (catchingUp) {
            startup.fold(record.value());
        } else if (record.value() instanceof TaskDispatched dispatched) {
            runner.accept(AvroMapping.task(dispatched)).block(WRITE_TIMEOUT);
        } else if (record.value() instanceof TaskCancelled cancelled) {
            Boolean changed = runner.cancel(cancelled.getTaskId(), cancelled.getReason()).block(WRITE_TIMEOUT);
            log.info("withdrawal of task {}: {}", cancelled.getTaskId(), Boolean.TRUE.equals(changed) ? "applied" : "nothing to do");
        }
    }

    /** Staff commands, one at a time (a person's pace; each is applied once per command id). */
    @KafkaListener(id = "connectors-commands", topics = Topics.CASE_COMMANDS, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY, properties = MAX_POLL_RECORDS)
    public void onCommands(List<ConsumerRecord<String, SpecificRecord>> records) {
        boolean catchingUp = state.catchingUp();
        inOrder(records, e -> false, run -> { }, r -> onCommand(r, catchingUp));
    }

    private void onCommand(ConsumerRecord<String, SpecificRecord> record, boolean catchingUp) {
        if (catchingUp) {
            startup.fold(record.value());
        } else if (record.value() instanceof ConfirmManualTask confirm) {
            Boolean changed = runner.confirmManually(confirm.getTaskId(), confirm.getSubjectFound(), confirm.getEvidence(),
                    AvroMapping.findings(confirm.getFindings()), AvroMapping.actor(confirm.getActor()), confirm.getEventId()).block(WRITE_TIMEOUT);
            log.info("manual confirmation of task {}: {}", confirm.getTaskId(), Boolean.TRUE.equals(changed) ? "applied" : "nothing to do");
        } else if (record.value() instanceof RetryTask retry) {
            Boolean changed = runner.retry(retry.getTaskId(), retry.getEventId(), retry.getOccurredAt()).block(WRITE_TIMEOUT);
            log.info("retry of task {}: {}", retry.getTaskId(), Boolean.TRUE.equals(changed) ? "applied" : "nothing to do");
        }
    }

    @KafkaListener(id = "connectors-cases", topics = Topics.CASES, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY, properties = MAX_POLL_RECORDS)
    public void onCases(List<ConsumerRecord<String, SpecificRecord>> records) {
        boolean catchingUp = state.catchingUp();
        inOrder(records, e -> !(e instanceof PersonalDataErased), run -> {
            List<CasePlanned> planned = run.stream().filter(r -> r.value() instanceof CasePlanned).map(r -> (CasePlanned) r.value()).toList();
            if (planned.isEmpty()) {
                return;
            }
            if (catchingUp) {
                startup.foldPlans(planned);
            } else {
                packages.plannedAll(planned.stream().map(ConnectorsListeners::plan).toList()).block(WRITE_TIMEOUT);
            }
        }, r -> onCase(r, catchingUp));
    }

    private void onCase(ConsumerRecord<String, SpecificRecord> record, boolean catchingUp) {
        if (record.value() instanceof PersonalDataErased erased) {
            // while catching up too: a checkpointed store may still hold what the topics no longer reveal
            Long changed = runner.erasePersonalData(erased.getRequestId()).block(WRITE_TIMEOUT);
            packages.erase(erased.getRequestId()).block(WRITE_TIMEOUT);
            log.info("request {}: personal data erased from {} task(s) after retention", erased.getRequestId(), changed);
        }
        if (catchingUp) {
            startup.fold(record.value());
        } else if (record.value() instanceof CasePlanned planned) {
            packages.planned(plan(planned)).block(WRITE_TIMEOUT);
        }
    }

    /** Status-token hashes: one bulk upsert per poll, while catching up and live alike. */
    @KafkaListener(id = "connectors-requests", topics = Topics.REQUESTS, groupId = ProcessorConnectorsConfiguration.GROUP,
            containerFactory = ProcessorConnectorsConfiguration.LISTENER_FACTORY, properties = MAX_POLL_RECORDS)
    public void onRequests(List<ConsumerRecord<String, SpecificRecord>> records) {
        inOrder(records, e -> true, run -> {
            Map<String, String> hashes = new LinkedHashMap<>();
            run.forEach(r -> {
                if (r.value() instanceof RequestReceived received && received.getStatusTokenHash() != null) {
                    hashes.put(received.getRequestId(), received.getStatusTokenHash());
                }
            });
            packageStore.saveTokenHashes(hashes).block(WRITE_TIMEOUT);
        }, r -> {
            if (r.value() instanceof RequestReceived received && received.getStatusTokenHash() != null) {
                packageStore.saveTokenHash(received.getRequestId(), received.getStatusTokenHash()).block(WRITE_TIMEOUT);
            }
        });
    }

    /**
     * Handles a poll's records in order: consecutive records {@code inBulk} accepts as one run ({@code bulk}),
     * every other one alone ({@code one}, what a record listener did) in its place. A run whose bulk step
     * fails goes again one record at a time. The first record that fails alone, or cannot be read, stops
     * the poll ({@link ProjectionState#failedAt}); everything before it is written.
     */
    private static void inOrder(List<ConsumerRecord<String, SpecificRecord>> records, Predicate<SpecificRecord> inBulk,
            Consumer<List<ConsumerRecord<String, SpecificRecord>>> bulk, Consumer<ConsumerRecord<String, SpecificRecord>> one) {
        int runStart = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            if (record.value() != null && inBulk.test(record.value())) {
                continue;
            }
            run(records.subList(runStart, i), bulk, one);
            runStart = i + 1;
            if (record.value() == null) {
                throw ProjectionState.failedAt(record, ProjectionState.undecodable(record));
            }
            alone(record, one);
        }
        run(records.subList(runStart, records.size()), bulk, one);
    }

    private static void run(List<ConsumerRecord<String, SpecificRecord>> run, Consumer<List<ConsumerRecord<String, SpecificRecord>>> bulk,
            Consumer<ConsumerRecord<String, SpecificRecord>> one) {
        if (run.isEmpty()) {
            return;
        }
        try {
            bulk.accept(run);
            return;
        } catch (RuntimeException e) {
            log.info("connectors handle {} record(s) one at a time after their bulk step failed ({})", run.size(), e.toString());
        }
        run.forEach(r -> alone(r, one));
    }

    private static void alone(ConsumerRecord<String, SpecificRecord> record, Consumer<ConsumerRecord<String, SpecificRecord>> one) {
        try {
            one.accept(record);
        } catch (RuntimeException e) {
            throw ProjectionState.failedAt(record, e);
        }
    }

    static PackageStore.Plan plan(CasePlanned planned) {
        List<String> exports = planned.getTasks().stream().filter(t -> t.getAction() == TaskAction.EXPORT)
                .map(t -> t.getTaskId().toString()).toList();
        Map<String, String> names = new LinkedHashMap<>();
        planned.getTasks().stream().filter(t -> t.getSystemName() != null)
                .forEach(t -> names.putIfAbsent(t.getSystemId().toString(), t.getSystemName().toString()));
        return new PackageStore.Plan(planned.getRequestId(), exports, names);
    }
}
