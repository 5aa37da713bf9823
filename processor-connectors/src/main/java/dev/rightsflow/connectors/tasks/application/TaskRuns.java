package dev.rightsflow.connectors.tasks.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.catalogue.application.ConnectorCatalogue;
import dev.rightsflow.connectors.spi.Cancellation;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.tasks.model.DeadlineGuard;
import dev.rightsflow.connectors.tasks.model.Settlement;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent.Kind;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.model.Action;
import reactor.core.publisher.Mono;

/**
 * One run of a task, from its claim to its settlement, and the runs in flight:
 * <ol>
 *   <li>A due task is offered: it is taken only if its lane has room, its rate limit a permit and its vendor is not
 *       paused (or this task may probe it); otherwise it waits, unclaimed and with no attempt used.</li>
 *   <li>It is claimed atomically in the store with a lease ({@link TaskStore#claim}), so no two runs call the vendor
 *       for it at once.</li>
 *   <li>Its connector runs on the lane's threads and answers an {@link Outcome}; the system's breaker is told how
 *       the call went.</li>
 *   <li>It is settled: the decision is the model's ({@link Settlement#decide}); this step writes an export's file
 *       first, stores the settled task (version-conditioned) and publishes its event.</li>
 * </ol>
 * A stop closes the gate ({@link #close}), waits for the runs in flight ({@link #awaitIdle}) and hands the rest back
 * unused ({@link #handBackUnfinished}); their late outcomes are dropped. Also here, because they run on a lane too:
 * asking a vendor to cancel a task it works on, and dead-lettering a paused system's task whose deadline is at risk.
 */
final class TaskRuns {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final ConnectorCatalogue catalogue;
    private final TaskStore store;
    private final TaskChanges changes;
    private final ExportVault vault;
    private final Reminders reminders;
    private final LaneScheduler lanes;
    private final VendorBreakers breakers;
    private final Clock clock;
    private final RunnerSettings settings;
    private final Runnable kick;
    /** Runs whose vendor call or settlement is under way, by task id; the monitor of a stop's wait. */
    private final Map<String, TaskRecord> inFlight = new ConcurrentHashMap<>();
    /** Runs a stop handed back: their late outcome is dropped without touching the store. */
    private final Set<String> handedBack = ConcurrentHashMap.newKeySet();
    private volatile boolean accepting;

    /** @param kick asks for a sweep now (after a run ends, its lane has room again) */
    TaskRuns(ConnectorCatalogue catalogue, TaskStore store, TaskChanges changes, ExportVault vault, Reminders reminders,
            LaneScheduler lanes, VendorBreakers breakers, Clock clock, RunnerSettings settings, Runnable kick) {
        this.catalogue = catalogue;
        this.store = store;
        this.changes = changes;
        this.vault = vault;
        this.reminders = reminders;
        this.lanes = lanes;
        this.breakers = breakers;
        this.clock = clock;
        this.settings = settings;
        this.kick = kick;
    }

    /** Whether new runs may begin (between start and stop). */
    boolean accepting() {
        return accepting;
    }

    void open() {
        accepting = true;
    }

    /** No new run begins after this. */
    void close() {
        accepting = false;
    }

    /** Waits until no run is in flight and {@code busy} is false, or the timeout has passed. */
    void awaitIdle(Duration timeout, BooleanSupplier busy) {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (inFlight) {
            while ((!inFlight.isEmpty() || busy.getAsBoolean()) && System.nanoTime() < until) {
                try {
                    inFlight.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    /** Hands back every run still in flight (due again at once, its attempt not counted); their late outcomes are dropped. */
    void handBackUnfinished() {
        List<TaskRecord> unfinished = List.copyOf(inFlight.values());
        for (TaskRecord claimed : unfinished) {
            handedBack.add(claimed.taskId());
            try {
                handBack(claimed).block(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                // The lease still expires, so the task is resumed then; the attempt is counted in that case.
                log.info("task {} could not be handed back ({}); it runs again when its lease ends", claimed.taskId(), e.toString());
            }
        }
        if (!unfinished.isEmpty()) {
            log.info("stopped with {} vendor call(s) still in flight after {}: handed back, no attempt used", unfinished.size(),
                    settings.shutdownTimeout());
        }
    }

    /** Gives a claimed task back unrun: runnable at once, its claim's attempt taken back. */
    private Mono<Void> handBack(TaskRecord claimed) {
        Instant now = clock.instant();
        return changes.update(claimed.taskId(), current -> current.status() != TaskStatus.RUNNING || current.version() != claimed.version() ? null
                : current.change().status(claimed.runAttempts() > 1 ? TaskStatus.RETRY_SCHEDULED : TaskStatus.PENDING)
                        .runAttempts(Math.max(0, claimed.runAttempts() - 1)).attempts(Math.max(0, claimed.attempts() - 1))
                        .leaseUntil(null).nextAttemptAt(now).at(current.updatedAt()))
                .doOnNext(done -> done.ifPresent(t -> log.info("task {} handed back at stop; it runs at the next start", t.taskId())))
                .then();
    }

    /**
     * Takes the task if its lane has room, the rate limit allows and its vendor is not paused (or
     * this task may probe it); otherwise it waits, unclaimed and with no attempt used, for a later sweep.
     */
    Mono<Void> offer(TaskRecord due) {
        if (!accepting) {
            return Mono.empty();
        }
        LaneScheduler.Lane lane = lanes.lane(due.systemId(), due.connector());
        // A task whose vendor calls would only queue behind the rate limit waits unclaimed (no
        // attempt used, no thread held); the calls themselves take their permits as they go.
        if (lane.limiter().getMetrics().getAvailablePermissions() <= 0) {
            return Mono.empty();
        }
        if (!lane.permits().tryAcquire()) {
            return Mono.empty();
        }
        VendorBreakers.Vendor vendor = breakers.vendor(due.systemId(), due.connector(), lane);
        if (due.controllerId() != null) {
            vendor.organisations.add(due.controllerId());
        }
        if (!vendor.breaker.tryAcquirePermission()) {
            lane.permits().release();
            return Mono.empty();
        }
        Instant now = clock.instant();
        return store.claim(due.taskId(), now, now.plus(settings.lease())).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        // Another worker took it first.
                        lane.permits().release();
                        vendor.breaker.releasePermission();
                        return Mono.<Void>empty();
                    }
                    TaskRecord claimed = found.get();
                    synchronized (inFlight) {
                        if (accepting) {
                            inFlight.put(claimed.taskId(), claimed);
                            execute(claimed, lane, vendor)
                                    .doFinally(s -> {
                                        lane.permits().release();
                                        synchronized (inFlight) {
                                            inFlight.remove(claimed.taskId());
                                            inFlight.notifyAll();
                                        }
                                        kick.run();
                                    })
                                    .subscribe(null, e -> log.error("task {} could not be settled: {}", claimed.taskId(), e.toString()));
                            return Mono.<Void>empty();
                        }
                    }
                    // Stopping began while the claim was under way: give it back untouched.
                    lane.permits().release();
                    vendor.breaker.releasePermission();
                    return handBack(claimed);
                })
                .onErrorResume(e -> {
                    lane.permits().release();
                    vendor.breaker.releasePermission();
                    log.warn("task {} could not be claimed: {}", due.taskId(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> execute(TaskRecord claimed, LaneScheduler.Lane lane, VendorBreakers.Vendor vendor) {
        long started = System.nanoTime();
        return Mono.fromCallable(() -> call(claimed, lane.context()))
                .subscribeOn(lane.scheduler())
                .onErrorResume(e -> Mono.just(new Outcome.RetriableFailure(
                        "the connector failed unexpectedly (" + e.getClass().getSimpleName() + ")", null)))
                .flatMap(outcome -> {
                    if (handedBack.remove(claimed.taskId())) {
                        log.debug("task {}: the outcome of a run handed back at stop is dropped", claimed.taskId());
                        return Mono.empty();
                    }
                    boolean vendorDown = breakers.record(vendor, outcome, System.nanoTime() - started);
                    return settle(claimed, outcome, lane.settings(), vendor, vendorDown);
                });
    }

    private Outcome call(TaskRecord task, ConnectorContext context) {
        Optional<Connector> found = catalogue.find(task.connector());
        if (found.isEmpty()) {
            return new Outcome.PermanentFailure("no connector named '" + task.connector() + "' is installed");
        }
        Connector connector = found.get();
        List<ConfigProblem> problems = connector.validate(task.config());
        if (!problems.isEmpty()) {
            return new Outcome.PermanentFailure("the configuration of " + task.systemId() + " is invalid: " + problems);
        }
        ConnectorTask connectorTask = new ConnectorTask(task.taskId(), task.requestId(), task.systemId(), task.action(), task.right(),
                task.subject(), task.details(), task.dataCategories(), connector.config().parse(task.config()), task.runAttempts());
        log.info("task {} attempt {} on {}", task.taskId(), task.runAttempts(), connector.name());
        return connector.execute(connectorTask, context);
    }

    /**
     * Settles a run: the decision is the model's ({@link Settlement#decide}); this loads what it needs (an export's
     * file is written first), stores the settled task (version-conditioned: a task changed while it ran keeps that
     * change) and publishes its event.
     */
    private Mono<Void> settle(TaskRecord claimed, Outcome outcome, RunnerSettings.Lane lane, VendorBreakers.Vendor vendor,
            boolean vendorDown) {
        String exportRef = outcome instanceof Outcome.Completed done && claimed.action() == Action.EXPORT
                ? vault.write(ExportVault.ExportFile.of(claimed, done)) : null;
        Settlement decision = Settlement.decide(claimed, outcome, new Settlement.Circumstances(clock.instant(), Events.newEventId(),
                lane.retry(), vendorDown, vendor.probeEvery, reminders.every(claimed), exportRef, ThreadLocalRandom.current()::nextDouble));
        if (!(decision instanceof Settlement.Settled settled)) {
            log.info("task {}: {}", claimed.taskId(), ((Settlement.Rejected) decision).reason());
            return Mono.empty();
        }
        if (settled.needsAttention()) {
            log.warn("task {} {}", claimed.taskId(), settled.inWords());
        } else {
            log.info("task {} {}", claimed.taskId(), settled.inWords());
        }
        TaskRecord changed = settled.task();
        return store.replace(changed).flatMap(stored -> {
            if (!stored) {
                log.info("task {} changed while it ran (e.g. confirmed by hand); this attempt's outcome is dropped", claimed.taskId());
                return Mono.empty();
            }
            return changes.afterChange(Optional.of(changed)).then();
        });
    }

    /** A paused system's task whose deadline is now at risk goes to a person at once, without calling the vendor. */
    Mono<Void> giveUpWhilePaused(TaskRecord task) {
        VendorBreakers.Vendor vendor = breakers.find(task.systemId());
        String reason = "the vendor of " + task.systemId() + " has been unavailable since " + (vendor == null ? "recently" : vendor.since)
                + (vendor == null || vendor.reason == null ? "" : " (" + vendor.reason + ")") + " and the deadline is at risk (last retry day "
                + DeadlineGuard.lastRetryDay(task) + "): a person should act";
        return changes.update(task.taskId(), current -> !runnable(current) ? null : current.change().status(TaskStatus.FAILED).lastReason(reason)
                .pendingEvent(new PendingEvent(Kind.FAILED_RETRIABLE, Events.newEventId(), clock.instant(), reason)).at(clock.instant()))
                .doOnNext(changed -> changed.ifPresent(t -> log.warn("task {} dead-lettered while its vendor is paused: deadline at risk",
                        t.taskId())))
                .flatMap(changes::afterChange).then();
    }

    private static boolean runnable(TaskRecord t) {
        return t.status() == TaskStatus.PENDING || t.status() == TaskStatus.RETRY_SCHEDULED || t.status() == TaskStatus.WAITING_FOR_VENDOR;
    }

    /** Asks the vendor to cancel a task it works on (CANCELLING), on the task's lane, then records what it said. */
    Mono<Void> cancelAtVendor(TaskRecord task) {
        LaneScheduler.Lane lane = lanes.lane(task.systemId(), task.connector());
        return Mono.fromCallable(() -> {
            Optional<Connector> connector = catalogue.find(task.connector());
            if (connector.isEmpty()) {
                return Cancellation.notCancellable("not cancellable, already sent: no connector named '" + task.connector()
                        + "' is installed to cancel it");
            }
            ConnectorTask connectorTask = new ConnectorTask(task.taskId(), task.requestId(), task.systemId(), task.action(),
                    task.right(), task.subject(), task.details(), task.dataCategories(),
                    connector.get().config().parse(task.config()), task.runAttempts());
            return connector.get().cancel(connectorTask, lane.context());
        }).subscribeOn(lane.scheduler())
                .onErrorResume(e -> Mono.just(Cancellation.notCancellable("not cancellable, already sent: the cancellation failed ("
                        + e.getClass().getSimpleName() + "); tell " + task.systemId() + " by hand")))
                .flatMap(result -> changes.update(task.taskId(), current -> current.status() != TaskStatus.CANCELLING ? null
                        : current.change().status(TaskStatus.CANCELLED).lastReason(result.words())
                                .pendingEvent(new PendingEvent(result.cancelled() ? Kind.CANCELLED : Kind.NOT_CANCELLED,
                                        Events.derivedId(task.taskId(), "TaskCancellationRecorded"), clock.instant(), result.words()))
                                .at(clock.instant())))
                .flatMap(changed -> changed.isPresent() ? changes.publishPending(changed.get()) : Mono.empty());
    }
}
