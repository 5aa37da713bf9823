package dev.rightsflow.connectors.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.rightsflow.connectors.application.AccessPackages;
import dev.rightsflow.connectors.application.PackageStore;
import dev.rightsflow.connectors.application.Projections;
import dev.rightsflow.connectors.application.TaskRunner;
import dev.rightsflow.connectors.application.TaskStore;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AccessPackageDownloaded;
import dev.rightsflow.schemas.avro.AccessPackageReady;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;
import reactor.core.publisher.Mono;

/**
 * Rebuilds this service's MongoDB projections from Kafka, the system of record: at start when
 * the store is empty (before the listener containers start: this lifecycle's phase is lower), and
 * on demand. Topics are replayed in causal order: REQUESTS, CASES, TASKS, then TASK_RESULTS, then
 * CASE_COMMANDS. After the rebuild the runner starts, and resumes every task that was dispatched
 * but has no final result; so does the purge of expired access packages.
 */
public class ProjectionRebuild implements SmartLifecycle {

    /** Before the Kafka listener containers ({@code Integer.MAX_VALUE - 100}). */
    public static final int PHASE = Integer.MAX_VALUE - 1000;
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final Duration WRITE = Duration.ofSeconds(30);

    private final KafkaSettings kafka;
    private final TaskStore tasks;
    private final PackageStore packages;
    private final Projections projections;
    private final TaskRunner runner;
    private final AccessPackages accessPackages;
    private final Duration purgeEvery;
    private volatile boolean running;

    public ProjectionRebuild(KafkaSettings kafka, TaskStore tasks, PackageStore packages, Projections projections, TaskRunner runner,
            AccessPackages accessPackages, Duration purgeEvery) {
        this.kafka = kafka;
        this.tasks = tasks;
        this.packages = packages;
        this.projections = projections;
        this.runner = runner;
        this.accessPackages = accessPackages;
        this.purgeEvery = purgeEvery;
    }

    @Override
    public void start() {
        long stored = tasks.count().block(WRITE) + packages.count().block(WRITE);
        if (kafka.replayAtStart() && stored == 0) {
            long events = replay();
            log.info("rebuilt the connectors projections from {} events", events);
        }
        runner.start();
        accessPackages.start(purgeEvery);
        running = true;
    }

    @Override
    public void stop() {
        accessPackages.stop();
        runner.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Clears the projections and replays the topics; the runner is paused meanwhile. */
    public synchronized long rebuild() {
        runner.stop();
        try {
            tasks.deleteAll().then(packages.deleteAll()).block(WRITE);
            return replay();
        } finally {
            runner.start();
        }
    }

    private long replay() {
        long n = 0;
        n += TopicReplay.replay(kafka, List.of(Topics.REQUESTS, Topics.CASES, Topics.TASKS), r -> apply(r.value()));
        n += TopicReplay.replay(kafka, List.of(Topics.TASK_RESULTS), r -> apply(r.value()));
        n += TopicReplay.replay(kafka, List.of(Topics.CASE_COMMANDS), r -> apply(r.value()));
        return n;
    }

    private void apply(SpecificRecord event) {
        Mono<Void> step = Mono.empty();
        if (event instanceof RequestReceived e && e.getStatusTokenHash() != null) {
            step = packages.saveTokenHash(e.getRequestId(), e.getStatusTokenHash());
        } else if (event instanceof CasePlanned e) {
            PackageStore.Plan plan = ConnectorsListeners.plan(e);
            step = plan.exportTaskIds().isEmpty() ? Mono.empty() : packages.savePlan(plan);
        } else if (event instanceof TaskDispatched e) {
            try {
                step = projections.dispatched(AvroMapping.task(e));
            } catch (IllegalArgumentException unknownAction) {
                log.warn("replay skipped task {}: {}", e.getTaskId(), unknownAction.getMessage());
            }
        } else if (event instanceof TaskAttemptFailed e) {
            step = projections.attemptFailed(e.getTaskId(), e.getAttempt(), e.getRetryAt(), e.getReason(), e.getOccurredAt());
        } else if (event instanceof TaskCompleted e) {
            step = projections.completed(e.getTaskId(), e.getSubjectFound(), e.getSummary(), e.getRecordsAffected(), e.getExportRef(),
                    e.getEvidence(), AvroMapping.actor(e.getActor()), e.getOccurredAt());
        } else if (event instanceof TaskFailed e) {
            step = projections.failed(e.getTaskId(), e.getAttempts(), e.getReason(), e.getOccurredAt());
        } else if (event instanceof TaskNeedsPerson e) {
            step = projections.needsPerson(e.getTaskId(), e.getInstructions(), e.getOccurredAt());
        } else if (event instanceof AccessPackageReady e) {
            step = packages.claimBuild(e.getPackageId(), e.getRequestId(), e.getOccurredAt()).onErrorReturn(false)
                    .then(packages.markReady(new PackageStore.PackageInfo(e.getPackageId(), e.getRequestId(),
                            AccessPackages.fileOf(e.getPackageId()), e.getSystems(), e.getOccurredAt(), e.getExpiresAt(), 0)));
        } else if (event instanceof AccessPackageDownloaded e) {
            step = packages.countDownload(e.getPackageId());
        } else if (event instanceof RetryTask e) {
            step = projections.retryRequested(e.getTaskId(), e.getEventId(), e.getOccurredAt());
        }
        step.block(WRITE);
    }
}
