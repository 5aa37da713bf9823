package dev.rightsflow.connectors.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.rightsflow.connectors.packages.application.AccessPackages;
import dev.rightsflow.connectors.packages.application.PackageStore;
import dev.rightsflow.connectors.tasks.application.Projections;
import dev.rightsflow.connectors.tasks.application.TaskRunner;
import dev.rightsflow.connectors.tasks.application.TaskStore;
import dev.rightsflow.connectors.tasks.kafka.AvroMapping;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.schemas.avro.AccessPackageDownloaded;
import dev.rightsflow.schemas.avro.AccessPackageReady;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCancellationRecorded;
import dev.rightsflow.schemas.avro.TaskCancelled;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.state.ProjectionState;
import reactor.core.publisher.Mono;

/**
 * processor-connectors' part in the shared start-up ({@link ProjectionState}):
 * <ul>
 *   <li>while catching up, the listeners fold every event with {@link #fold} (its own results on
 *       TASK_RESULTS included) and run nothing: the runner is stopped, and staff confirmations
 *       and plans seen meanwhile are noted;</li>
 *   <li>once caught up, the noted confirmations and plans are applied (each idempotent), then the
 *       runner starts and resumes every task that was dispatched but has no final result, and so
 *       does the purge of expired access packages;</li>
 *   <li>on a clean stop the runner stops taking work before the store closes.</li>
 * </ul>
 */
public class ProjectionRebuild implements SmartLifecycle, ProjectionState.Hooks {

    /**
     * The service's listener containers, in the order their topics are folded while catching up:
     * a task before its results, its results before the staff commands that answer them (the
     * projections' updates assume that order). Live, all run at once.
     */
    public static final List<List<String>> LISTENERS = List.of(
            List.of("connectors-requests", "connectors-cases", "connectors-tasks"),
            List.of("connectors-history"),
            List.of("connectors-commands"));

    /**
     * The version of the projection format: a change rebuilds it from the topics. 3: open tasks carry
     * the fields the sweeps' indexes read ({@code sweepAt}, {@code remindAt}), unpurged packages
     * {@code purgeAt}; a store written before them is folded again, so no open task lacks them.
     */
    public static final int FORMAT = 3;

    /** Stops after the listener containers ({@code Integer.MAX_VALUE - 100}). */
    public static final int PHASE = Integer.MAX_VALUE - 1000;
    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final Duration WRITE = Duration.ofSeconds(30);

    private final TaskStore tasks;
    private final PackageStore packages;
    private final Projections projections;
    private final TaskRunner runner;
    private final AccessPackages accessPackages;
    private final Duration purgeEvery;
    private final ConcurrentLinkedQueue<ConfirmManualTask> confirmations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CasePlanned> plans = new ConcurrentLinkedQueue<>();
    /** Withdrawals seen while catching up; applied once caught up (each once per task, so one already recorded changes nothing). */
    private final ConcurrentLinkedQueue<TaskCancelled> cancellations = new ConcurrentLinkedQueue<>();
    private volatile boolean running;

    public ProjectionRebuild(TaskStore tasks, PackageStore packages, Projections projections, TaskRunner runner,
            AccessPackages accessPackages, Duration purgeEvery) {
        this.tasks = tasks;
        this.packages = packages;
        this.projections = projections;
        this.runner = runner;
        this.accessPackages = accessPackages;
        this.purgeEvery = purgeEvery;
    }

    @Override
    public void start() {
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

    @Override
    public void clear() {
        accessPackages.stop();
        runner.stop();
        confirmations.clear();
        plans.clear();
        cancellations.clear();
        tasks.deleteAll().then(packages.deleteAll()).block(WRITE);
    }

    @Override
    public void caughtUp() {
        List<PackageStore.Plan> planned = new java.util.ArrayList<>();
        for (CasePlanned plan; (plan = plans.poll()) != null;) {
            planned.add(ConnectorsListeners.plan(plan));
        }
        // 500 plans per bulk write, then each request's package built if its exports are all done already
        for (int from = 0; from < planned.size(); from += 500) {
            accessPackages.plannedAll(planned.subList(from, Math.min(planned.size(), from + 500))).block(WRITE);
        }
        int applied = planned.size();
        for (ConfirmManualTask confirm; (confirm = confirmations.poll()) != null; applied++) {
            runner.confirmManually(confirm.getTaskId(), confirm.getSubjectFound(), confirm.getEvidence(),
                    AvroMapping.actor(confirm.getActor()), confirm.getEventId()).block(WRITE);
        }
        for (TaskCancelled cancelled; (cancelled = cancellations.poll()) != null; applied++) {
            runner.cancel(cancelled.getTaskId(), cancelled.getReason()).block(WRITE);
        }
        if (applied > 0) {
            log.info("connectors: {} plan(s), confirmation(s) and cancellation(s) seen while catching up applied", applied);
        }
        runner.start();
        accessPackages.start(purgeEvery);
    }

    /** While catching up: folds one event into the projections, running nothing. */
    public void fold(SpecificRecord event) {
        if (event instanceof ConfirmManualTask confirm) {
            confirmations.add(confirm);
        } else if (event instanceof TaskCancelled cancelled) {
            cancellations.add(cancelled);
        } else if (event instanceof CasePlanned planned) {
            plans.add(planned);
        }
        apply(event);
    }

    /**
     * While catching up: a poll's plans, in one bulk write (the plans are applied once caught up, as
     * {@link #fold} notes them).
     */
    public void foldPlans(List<CasePlanned> planned) {
        List<PackageStore.Plan> withExports = planned.stream().map(ConnectorsListeners::plan)
                .filter(p -> !p.exportTaskIds().isEmpty()).toList();
        packages.savePlans(withExports).block(WRITE);
        plans.addAll(planned);
    }

    /** While catching up: a poll's dispatched tasks, one read and one bulk insert of the new ones. */
    public void foldDispatched(List<TaskRecord> dispatched) {
        projections.dispatchedAll(dispatched).block(WRITE);
    }

    /**
     * While catching up: a poll's task results ({@link #changeOf}), one read and one version-conditioned
     * bulk write; other events of the poll change no task and are left out.
     */
    public void foldResults(List<SpecificRecord> events) {
        List<Projections.Change> changes = events.stream().map(this::changeOf).filter(java.util.Objects::nonNull).toList();
        if (!changes.isEmpty()) {
            projections.applyAll(changes).block(WRITE);
        }
    }

    /** The change a result (or a staff retry) makes to its task's state, or null for an event that changes none. */
    private Projections.Change changeOf(SpecificRecord event) {
        if (event instanceof TaskAttemptFailed e) {
            return projections.attemptFailed(e.getTaskId(), e.getAttempt(), e.getRetryAt(), e.getReason(), e.getOccurredAt());
        } else if (event instanceof TaskCompleted e) {
            return projections.completed(e.getTaskId(), e.getSubjectFound(), e.getSummary(), e.getRecordsAffected(), e.getExportRef(),
                    e.getEvidence(), AvroMapping.actor(e.getActor()), e.getOccurredAt());
        } else if (event instanceof TaskFailed e) {
            return projections.failed(e.getTaskId(), e.getAttempts(), e.getReason(), e.getOccurredAt());
        } else if (event instanceof TaskNeedsPerson e) {
            return projections.needsPerson(e.getTaskId(), e.getInstructions(), e.getOccurredAt());
        } else if (event instanceof TaskCancellationRecorded e) {
            return projections.cancelled(e.getTaskId(), e.getOutcome(), e.getEventId(), e.getOccurredAt());
        } else if (event instanceof RetryTask e) {
            return projections.retryRequested(e.getTaskId(), e.getEventId(), e.getOccurredAt());
        }
        return null;
    }

    private void apply(SpecificRecord event) {
        Mono<Void> step = Mono.empty();
        Projections.Change change = changeOf(event);
        if (change != null) {
            step = projections.apply(change);
        } else if (event instanceof RequestReceived e && e.getStatusTokenHash() != null) {
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
        } else if (event instanceof AccessPackageReady e) {
            step = packages.claimBuild(e.getPackageId(), e.getRequestId(), e.getOccurredAt()).onErrorReturn(false)
                    .then(packages.markReady(new PackageStore.PackageInfo(e.getPackageId(), e.getRequestId(),
                            AccessPackages.fileOf(e.getPackageId()), e.getSystems(), e.getOccurredAt(), e.getExpiresAt(), 0)));
        } else if (event instanceof AccessPackageDownloaded e) {
            step = packages.countDownload(e.getPackageId());
        }
        step.block(WRITE);
    }
}
