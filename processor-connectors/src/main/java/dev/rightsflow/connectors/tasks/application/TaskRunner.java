package dev.rightsflow.connectors.tasks.application;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.catalogue.application.ConnectorCatalogue;
import dev.rightsflow.connectors.lanes.application.LaneLog;
import dev.rightsflow.connectors.lanes.application.LaneStatus;
import dev.rightsflow.connectors.lanes.application.RateLimitedHttpClient;
import dev.rightsflow.connectors.spi.Cancellation;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.DeadlineGuard;
import dev.rightsflow.connectors.tasks.model.Settlement;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent.Kind;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.secrets.Secrets;
import dev.rightsflow.schemas.Events;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs tasks on their connectors. Never loses a task, never runs one twice at once:
 * <ul>
 *   <li>A dispatched task is stored first (unique by task id: a redelivered dispatch changes
 *       nothing) and then run; the Kafka listener returns as soon as it is stored.</li>
 *   <li>Every connector (or a system configured with its own lane) has a lane: a bounded thread
 *       pool (its concurrency), a rate limiter (Resilience4j) that every HTTP request to the vendor
 *       waits on ({@link RateLimitedHttpClient}), and a retry policy. A task is taken only when its
 *       lane has room and a call permit is free, so a slow, failing or rate-limited vendor fills
 *       its own lane and no other.</li>
 *   <li>A task is claimed atomically in the store with a lease, so two runners (or two sweeps)
 *       never call the vendor for it at the same time; a claim whose lease expired (the process
 *       died mid-call) is due again, which is how a restart resumes work.</li>
 *   <li>Retries are scheduled in the store ({@code nextAttemptAt}), not slept on, so they survive
 *       restarts and hold no thread. A run gives up (a dead letter) only when both its attempt and
 *       its time budget are used ({@link dev.rightsflow.connectors.tasks.model.RetryPolicy}), or at once
 *       when another retry would put the case's deadline at risk ({@link DeadlineGuard}).</li>
 *   <li>Every system has a circuit breaker (Resilience4j) on its vendor: when most of its recent
 *       calls failed in a retriable way, the system is paused: its tasks are not taken and use no
 *       attempts; after {@code probeEvery} one task probes the vendor, and its success resumes the
 *       rest. A failure while the vendor counts as down does not count against the task's run.</li>
 *   <li>Each outcome is written to the store together with the event it owes Kafka; the event is
 *       published and then acknowledged in the store, and re-published by the sweep until it is.
 *       The event's id is minted with the outcome and stored with it: a republished event is the
 *       same event, and every new fact (each failure, each run after a staff retry) has its own id.</li>
 *   <li>A stop takes no new work, lets the vendor calls in flight finish (up to the shutdown
 *       timeout) and hands the rest back: due again at once, without using an attempt.</li>
 * </ul>
 */
public final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final Duration REPUBLISH_AFTER = Duration.ofSeconds(20);

    private final ConnectorCatalogue catalogue;
    private final TaskStore store;
    private final ResultPublisher publisher;
    private final ExportVault vault;
    private final Secrets secrets;
    private final HttpClient http;
    private final Clock clock;
    private final RunnerSettings settings;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, Vendor> vendors = new ConcurrentHashMap<>();
    /** Runs whose vendor call or settlement is under way, by task id; the monitor of a stop's wait. */
    private final Map<String, TaskRecord> inFlight = new ConcurrentHashMap<>();
    /** Runs a stop handed back: their late outcome is dropped without touching the store. */
    private final Set<String> handedBack = ConcurrentHashMap.newKeySet();
    private volatile boolean accepting;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean sweepAgain = new AtomicBoolean();
    private volatile TaskSettledListener settledListener = task -> Mono.empty();
    private volatile LaneLog laneLog = LaneLog.NONE;
    private volatile Disposable ticking;

    /** Told about every task that reached COMPLETED (access packages listen). */
    public interface TaskSettledListener {
        Mono<Void> settled(TaskRecord task);
    }

    private record Lane(String name, Semaphore permits, RateLimiter limiter, Scheduler scheduler, RunnerSettings.Lane settings,
            ConnectorContext context) {
    }

    /** One system's vendor as the runner sees it: its circuit breaker, why it last opened, and whose tasks it runs. */
    private static final class Vendor {
        final String systemId;
        final String lane;
        final String connector;
        final CircuitBreaker breaker;
        final Duration probeEvery;
        final Set<String> organisations = ConcurrentHashMap.newKeySet();
        volatile String reason;
        volatile Instant since;
        volatile Instant pausedUntil;

        Vendor(String systemId, String lane, String connector, CircuitBreaker breaker, Duration probeEvery, Instant now) {
            this.systemId = systemId;
            this.lane = lane;
            this.connector = connector;
            this.breaker = breaker;
            this.probeEvery = probeEvery;
            this.since = now;
        }

        /** Open and not yet due for a probe: its tasks are left out of the sweep. */
        boolean paused(Instant now) {
            return breaker.getState() == CircuitBreaker.State.OPEN && pausedUntil != null && now.isBefore(pausedUntil);
        }
    }

    public TaskRunner(ConnectorCatalogue catalogue, TaskStore store, ResultPublisher publisher, ExportVault vault, Secrets secrets,
            HttpClient http, Clock clock, RunnerSettings settings) {
        this.catalogue = catalogue;
        this.store = store;
        this.publisher = publisher;
        this.vault = vault;
        this.secrets = secrets;
        this.http = http;
        this.clock = clock;
        this.settings = settings;
    }

    public void onSettled(TaskSettledListener listener) {
        this.settledListener = listener;
    }

    /** Where a system's lane pausing and resuming is announced (LanePaused, LaneResumed). */
    public void lanesTo(LaneLog lanes) {
        this.laneLog = lanes;
    }

    /** Starts the periodic sweep (due tasks, reminders, unacknowledged events). */
    public synchronized void start() {
        accepting = true;
        if (ticking == null) {
            resumeLanesPausedBeforeStart();
            ticking = Flux.interval(Duration.ZERO, settings.pollInterval())
                    .onBackpressureDrop()
                    .concatMap(tick -> sweep().onErrorResume(e -> {
                        log.warn("sweep failed: {}", e.toString());
                        return Mono.empty();
                    }), 1)
                    .subscribe();
        }
    }

    /**
     * A pause announced before this start belonged to a breaker that is gone: every system starts
     * closed, so the pause is ended in public too (its tasks try the vendor again, and a vendor still
     * down pauses its system again after {@code breaker-minimum-calls} failures). Without this the
     * dashboard would show the pause until the vendor next failed and recovered.
     */
    private void resumeLanesPausedBeforeStart() {
        Mono.fromCallable(() -> laneLog.latest()).subscribeOn(Schedulers.boundedElastic())
                .flatMapIterable(changes -> changes)
                .filter(c -> c.paused() && !vendors.containsKey(c.systemId()))
                .subscribe(c -> {
                    log.info("system {} was paused before this start; its tasks try its vendor again", c.systemId());
                    announce(new LaneLog.LaneChange(Events.newEventId(), clock.instant(), c.systemId(), c.lane(), c.connector(),
                            c.organisations(), false, "processor-connectors started again: the system's tasks try its vendor again",
                            c.since(), null, null));
                }, e -> log.warn("could not read the lanes paused before this start: {}", e.toString()));
    }

    /** Publishes a lane change, retrying a few times; the change is logged either way. */
    private void announce(LaneLog.LaneChange change) {
        laneLog.publish(change).retryWhen(reactor.util.retry.Retry.backoff(5, Duration.ofSeconds(1)))
                .subscribe(null, e -> log.warn("the {} of system {} could not be published: {}", change.paused() ? "pause" : "resumption",
                        change.systemId(), e.toString()));
    }

    /**
     * Stops cleanly: no new task is taken; the vendor calls in flight may finish and settle within
     * the shutdown timeout; the runs still going then are handed back (due again at once, their
     * attempt not counted) before their threads are interrupted, and their late outcomes are
     * dropped. Returns when nothing of the runner touches the store any more, so the store and the
     * Kafka producer may close after it.
     */
    public synchronized void stop() {
        // The ticking sweep is cancelled only once it is over: a claim cut off half-way would leave
        // a task leased (and its attempt used) until the lease ends.
        accepting = false;
        long until = System.nanoTime() + settings.shutdownTimeout().toNanos();
        synchronized (inFlight) {
            while ((!inFlight.isEmpty() || sweeping.get()) && System.nanoTime() < until) {
                try {
                    inFlight.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (ticking != null) {
            ticking.dispose();
            ticking = null;
        }
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
        lanes.values().forEach(l -> l.scheduler().dispose());
        lanes.clear();
        vendors.clear();
    }

    /** Gives a claimed task back unrun: runnable at once, its claim's attempt taken back. */
    private Mono<Void> handBack(TaskRecord claimed) {
        Instant now = clock.instant();
        return update(claimed.taskId(), current -> current.status() != TaskStatus.RUNNING || current.version() != claimed.version() ? null
                : current.change().status(claimed.runAttempts() > 1 ? TaskStatus.RETRY_SCHEDULED : TaskStatus.PENDING)
                        .runAttempts(Math.max(0, claimed.runAttempts() - 1)).attempts(Math.max(0, claimed.attempts() - 1))
                        .leaseUntil(null).nextAttemptAt(now).at(current.updatedAt()))
                .doOnNext(done -> done.ifPresent(t -> log.info("task {} handed back at stop; it runs at the next start", t.taskId())))
                .then();
    }

    public boolean running() {
        return ticking != null;
    }

    // ---- commands

    /** Stores a dispatched task and runs it when its lane has room; emits false for a redelivery. */
    public Mono<Boolean> accept(TaskRecord task) {
        return store.insertIfAbsent(task).doOnNext(inserted -> {
            if (inserted) {
                log.info("task {} of request {} accepted for {} on {}", task.taskId(), task.requestId(), task.action(), task.connector());
                kick();
            } else {
                log.info("task {} was dispatched again; already known, nothing to do", task.taskId());
            }
        });
    }

    /**
     * A poll's dispatched tasks: stores those not stored yet ({@link TaskStore#insertAll}: one read, one bulk
     * insert; a redelivered one changes nothing) and runs them when their lanes have room (one sweep for all).
     * Emits the ids this call stored.
     */
    public Mono<Set<String>> acceptAll(List<TaskRecord> tasks) {
        return store.insertAll(tasks).doOnNext(inserted -> {
            tasks.stream().filter(t -> inserted.contains(t.taskId())).forEach(task -> log.info("task {} of request {} accepted for {} on {}",
                    task.taskId(), task.requestId(), task.action(), task.connector()));
            if (inserted.size() < tasks.size()) {
                log.info("{} task(s) of this poll were dispatched again; already known, nothing to do", tasks.size() - inserted.size());
            }
            if (!inserted.isEmpty()) {
                kick();
            }
        }).doOnError(e -> kick()); // some may be stored: the caller stores the rest one at a time, and the sweep finds them all
    }

    /**
     * A person did the task by hand and says what happened ({@code ConfirmManualTask}). Applies to
     * a task in any state but COMPLETED or withdrawn (staff may also finish a dead-lettered task by hand).
     */
    public Mono<Boolean> confirmManually(String taskId, boolean subjectFound, String evidence, ActorRef actor, String commandEventId) {
        return confirmManually(taskId, subjectFound, evidence, ExportVault.ManualFindings.none(), actor, commandEventId);
    }

    /**
     * As {@link #confirmManually(String, boolean, String, ActorRef, String)}, with the files and records the person
     * attached and the identifiers they searched by; for an EXPORT task these go into the access package.
     */
    public Mono<Boolean> confirmManually(String taskId, boolean subjectFound, String evidence, ExportVault.ManualFindings findings,
            ActorRef actor, String commandEventId) {
        return update(taskId, task -> {
            // A withdrawn task is nobody's to do any more: a confirmation that crossed the withdrawal changes nothing.
            if (task.status() == TaskStatus.COMPLETED || task.status().cancelled() || task.hasApplied(commandEventId)) {
                return null;
            }
            Instant now = clock.instant();
            String exportRef = task.action() == Action.EXPORT
                    ? vault.write(ExportVault.ExportFile.confirmed(task, subjectFound, evidence, findings)) : task.exportRef();
            return task.change().status(TaskStatus.COMPLETED).subjectFound(subjectFound).evidence(evidence)
                    .summary("confirmed by " + actor.id()).closedBy(actor).leaseUntil(null).nextReminderAt(null).exportRef(exportRef)
                    .pendingEvent(new PendingEvent(Kind.COMPLETED, Events.derivedId(commandEventId, "completed"), now, null))
                    .applied(commandEventId).at(now);
        }).flatMap(this::afterChange);
    }

    /**
     * Runs a dead-lettered task again ({@code RetryTask}): a new run with a fresh retry budget.
     * Each command is applied at most once, by its event id (kept on the task): a redelivered
     * command changes nothing even if the task has failed again since. A command older than the
     * failure it would answer (issued before the retried run failed) changes nothing either.
     */
    /** Blanks the subject and details the request's tasks hold, once its retention has ended. @return tasks changed */
    public Mono<Long> erasePersonalData(String requestId) {
        return store.erasePersonalData(requestId);
    }

    public Mono<Boolean> retry(String taskId, String commandEventId, Instant requestedAt) {
        return update(taskId, task -> {
            if (task.hasApplied(commandEventId) || task.status() != TaskStatus.FAILED
                    || (task.updatedAt() != null && requestedAt.isBefore(task.updatedAt()))) {
                return null;
            }
            Instant now = clock.instant();
            return task.change().status(TaskStatus.PENDING).run(task.run() + 1).runAttempts(0).runStartedAt(now).nextAttemptAt(now)
                    .pendingEvent(null).applied(commandEventId).at(now);
        }).map(changed -> {
            if (changed.isPresent()) {
                log.info("task {} retried by command {} (run {})", taskId, commandEventId, changed.get().run());
                kick();
            }
            return changed.isPresent();
        });
    }

    /**
     * The task's request was withdrawn ({@code TaskCancelled}); applied once per task. A task not
     * yet sent (pending, or waiting for a retry), dead-lettered, or waiting for a person is
     * cancelled at once (the sweep never takes it again, and it leaves staff's to-do list). One the
     * vendor is working on (WAITING_FOR_VENDOR) becomes CANCELLING: the sweep asks the vendor to
     * cancel it, on its lane ({@link Connector#cancel}). One whose vendor call is in flight was
     * already sent: recorded as not cancellable, its late outcome dropped. A completed task stays
     * completed: a completed erasure is not undone. Each outcome is one TaskCancellationRecorded.
     *
     * @return whether anything changed (false for an unknown task or a repeated cancellation)
     */
    public Mono<Boolean> cancel(String taskId, String reason) {
        return update(taskId, task -> {
            Instant now = clock.instant();
            String eventId = Events.derivedId(taskId, "TaskCancellationRecorded");
            String words = switch (task.status()) {
                case PENDING -> "stopped before it was sent to " + task.systemId() + ": nothing was done there";
                case RETRY_SCHEDULED -> "stopped: its earlier attempts at " + task.systemId() + " had failed, no further attempt is made";
                case FAILED -> "stopped: it had failed and will not be retried";
                case NEEDS_PERSON -> "taken off staff's to-do list: nobody needs to do it by hand any more";
                case RUNNING -> "not cancellable, already sent: the call to " + task.systemId()
                        + " was under way when the request was withdrawn; what it did there is not undone";
                case COMPLETED -> "not cancellable, already done before the withdrawal" + (task.action() == Action.ERASE
                        ? ": a completed erasure is not undone" : ": not undone");
                default -> null;
            };
            if (task.hasApplied(eventId)) {
                return null;
            }
            if (task.status() == TaskStatus.WAITING_FOR_VENDOR) {
                return task.change().status(TaskStatus.CANCELLING).nextAttemptAt(now).lastReason(reason).applied(eventId).at(now);
            }
            if (words == null) {
                return null;
            }
            boolean stopped = task.status() != TaskStatus.RUNNING && task.status() != TaskStatus.COMPLETED;
            return task.change().status(task.status() == TaskStatus.COMPLETED ? TaskStatus.COMPLETED : TaskStatus.CANCELLED)
                    .leaseUntil(null).nextReminderAt(null).lastReason(words)
                    .pendingEvent(new PendingEvent(stopped ? Kind.CANCELLED : Kind.NOT_CANCELLED, eventId, now, words)).applied(eventId)
                    .at(now);
        }).flatMap(changed -> {
            changed.ifPresent(t -> {
                log.info("task {} of request {}: withdrawn ({})", t.taskId(), t.requestId(), t.status());
                if (t.status() == TaskStatus.CANCELLING) {
                    kick();
                }
            });
            // Not afterChange: a completed task's settled listener (access packages) has run already.
            return changed.isPresent() ? publishPending(changed.get()).thenReturn(true) : Mono.just(false);
        });
    }

    /** Asks the vendor to cancel a task it works on (CANCELLING), on the task's lane, then records what it said. */
    private Mono<Void> cancelAtVendor(TaskRecord task) {
        Lane lane = lane(task.systemId(), task.connector());
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
                .flatMap(result -> update(task.taskId(), current -> current.status() != TaskStatus.CANCELLING ? null
                        : current.change().status(TaskStatus.CANCELLED).lastReason(result.words())
                                .pendingEvent(new PendingEvent(result.cancelled() ? Kind.CANCELLED : Kind.NOT_CANCELLED,
                                        Events.derivedId(task.taskId(), "TaskCancellationRecorded"), clock.instant(), result.words()))
                                .at(clock.instant())))
                .flatMap(changed -> changed.isPresent() ? publishPending(changed.get()) : Mono.empty());
    }

    /** The vendor says it has news (a verified callback): check the task now instead of at the next poll. */
    public Mono<Boolean> checkNow(String taskId) {
        return update(taskId, task -> task.status() != TaskStatus.WAITING_FOR_VENDOR ? null
                : task.change().nextAttemptAt(clock.instant()).at(clock.instant()))
                .map(changed -> {
                    changed.ifPresent(t -> kick());
                    return changed.isPresent();
                });
    }

    /** Sweeps now, without waiting for the next tick. */
    public void kick() {
        if (!accepting) {
            return;
        }
        sweep().subscribe(null, e -> log.warn("sweep failed: {}", e.toString()));
    }

    // ---- the sweep

    Mono<Void> sweep() {
        if (!accepting) {
            return Mono.empty();
        }
        if (!sweeping.compareAndSet(false, true)) {
            sweepAgain.set(true);
            return Mono.empty();
        }
        Instant now = clock.instant();
        Set<String> paused = vendors.values().stream().filter(v -> v.paused(now)).map(v -> v.systemId).collect(Collectors.toSet());
        return store.due(now, settings.batch(), paused).concatMap(this::offer)
                .thenMany(store.runnableOf(paused).filter(t -> DeadlineGuard.atRisk(t, now)).concatMap(this::giveUpWhilePaused))
                .thenMany(store.byStatus(TaskStatus.CANCELLING).concatMap(this::cancelAtVendor))
                .thenMany(store.remindersDue(now).concatMap(this::remind))
                .thenMany(store.unpublished(now.minus(REPUBLISH_AFTER)).concatMap(this::publishPending))
                .then()
                .doFinally(signal -> {
                    sweeping.set(false);
                    if (sweepAgain.getAndSet(false)) {
                        kick();
                    }
                });
    }

    /**
     * Takes the task if its lane has room, the rate limit allows and its vendor is not paused (or
     * this task may probe it); otherwise it waits, unclaimed and with no attempt used, for a later sweep.
     */
    private Mono<Void> offer(TaskRecord due) {
        if (!accepting) {
            return Mono.empty();
        }
        Lane lane = lane(due.systemId(), due.connector());
        // A task whose vendor calls would only queue behind the rate limit waits unclaimed (no
        // attempt used, no thread held); the calls themselves take their permits as they go.
        if (lane.limiter().getMetrics().getAvailablePermissions() <= 0) {
            return Mono.empty();
        }
        if (!lane.permits().tryAcquire()) {
            return Mono.empty();
        }
        Vendor vendor = vendor(due.systemId(), due.connector(), lane);
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
                                        kick();
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

    private Mono<Void> execute(TaskRecord claimed, Lane lane, Vendor vendor) {
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
                    boolean vendorDown = record(vendor, outcome, System.nanoTime() - started);
                    return settle(claimed, outcome, lane.settings(), vendor, vendorDown);
                });
    }

    /**
     * Tells the system's breaker how the call went: a retriable failure is the vendor's failure,
     * every other outcome (even a refusal) shows the vendor answering. Returns whether the vendor
     * now counts as down (the breaker is not closed), in which case the failure uses no attempt.
     */
    private boolean record(Vendor vendor, Outcome outcome, long nanos) {
        if (outcome instanceof Outcome.RetriableFailure failure) {
            vendor.reason = failure.reason();
            vendor.breaker.onError(nanos, TimeUnit.NANOSECONDS, new VendorUnavailable(failure.reason()));
            return vendor.breaker.getState() != CircuitBreaker.State.CLOSED;
        }
        vendor.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        return false;
    }

    /** What the breaker records for a retriable failure (the reason only; no stack trace). */
    private static final class VendorUnavailable extends RuntimeException {
        VendorUnavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A paused system's task whose deadline is now at risk goes to a person at once, without calling the vendor. */
    private Mono<Void> giveUpWhilePaused(TaskRecord task) {
        Vendor vendor = vendors.get(task.systemId());
        String reason = "the vendor of " + task.systemId() + " has been unavailable since " + (vendor == null ? "recently" : vendor.since)
                + (vendor == null || vendor.reason == null ? "" : " (" + vendor.reason + ")") + " and the deadline is at risk (last retry day "
                + DeadlineGuard.lastRetryDay(task) + "): a person should act";
        return update(task.taskId(), current -> !runnable(current) ? null : current.change().status(TaskStatus.FAILED).lastReason(reason)
                .pendingEvent(new PendingEvent(Kind.FAILED_RETRIABLE, Events.newEventId(), clock.instant(), reason)).at(clock.instant()))
                .doOnNext(changed -> changed.ifPresent(t -> log.warn("task {} dead-lettered while its vendor is paused: deadline at risk",
                        t.taskId())))
                .flatMap(this::afterChange).then();
    }

    private static boolean runnable(TaskRecord t) {
        return t.status() == TaskStatus.PENDING || t.status() == TaskStatus.RETRY_SCHEDULED || t.status() == TaskStatus.WAITING_FOR_VENDOR;
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
    private Mono<Void> settle(TaskRecord claimed, Outcome outcome, RunnerSettings.Lane lane, Vendor vendor, boolean vendorDown) {
        String exportRef = outcome instanceof Outcome.Completed done && claimed.action() == Action.EXPORT
                ? vault.write(ExportVault.ExportFile.of(claimed, done)) : null;
        Settlement decision = Settlement.decide(claimed, outcome, new Settlement.Circumstances(clock.instant(), Events.newEventId(),
                lane.retry(), vendorDown, vendor.probeEvery, reminderEvery(claimed), exportRef, ThreadLocalRandom.current()::nextDouble));
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
            return afterChange(Optional.of(changed)).then();
        });
    }

    private Duration reminderEvery(TaskRecord task) {
        String configured = task.config().get(Outcome.NeedsPerson.REMINDER_EVERY);
        try {
            return configured == null ? settings.reminderEvery() : Duration.parse(configured);
        } catch (RuntimeException e) {
            return settings.reminderEvery();
        }
    }

    private Mono<Void> remind(TaskRecord task) {
        Instant now = clock.instant();
        int n = task.reminders() + 1;
        TaskRecord next = task.change().reminders(n).nextReminderAt(now.plus(reminderEvery(task)))
                .pendingEvent(new PendingEvent(Kind.NEEDS_PERSON, Events.newEventId(), now, "Reminder " + n + ": " + task.lastReason()))
                .at(now);
        return store.replace(next).flatMap(ok -> ok ? afterChange(Optional.of(next)) : Mono.just(false)).then();
    }

    /** Publishes the task's pending event, then acknowledges it in the store; a failure leaves it for the next sweep. */
    private Mono<Boolean> afterChange(Optional<TaskRecord> changed) {
        if (changed.isEmpty()) {
            return Mono.just(false);
        }
        TaskRecord task = changed.get();
        return publishPending(task).then(task.status() == TaskStatus.COMPLETED ? settledListener.settled(task) : Mono.empty())
                .thenReturn(true);
    }

    private Mono<Void> publishPending(TaskRecord task) {
        PendingEvent event = task.pendingEvent();
        if (event == null) {
            return Mono.empty();
        }
        return publisher.publish(task)
                // The acknowledgement is not a change of state: updatedAt keeps the time of the outcome,
                // which is what a staff command is compared with.
                .then(update(task.taskId(), current -> current.pendingEvent() != null && current.pendingEvent().eventId().equals(event.eventId())
                        ? current.change().pendingEvent(null).at(current.updatedAt()) : null))
                .then()
                .onErrorResume(e -> {
                    log.warn("event {} of task {} not acknowledged yet, will publish again: {}", event.kind(), task.taskId(), e.toString());
                    return Mono.empty();
                });
    }

    /** Applies a change to the latest stored version, re-reading on a version conflict. */
    private Mono<Optional<TaskRecord>> update(String taskId, java.util.function.Function<TaskRecord, TaskRecord> change) {
        return Mono.defer(() -> store.find(taskId)
                .flatMap(current -> {
                    TaskRecord next = change.apply(current);
                    if (next == null) {
                        return Mono.just(Optional.<TaskRecord>empty());
                    }
                    return store.replace(next).flatMap(ok -> ok ? Mono.just(Optional.of(next)) : Mono.error(new VersionConflict()));
                })
                .defaultIfEmpty(Optional.empty()))
                .retryWhen(reactor.util.retry.Retry.max(5).filter(VersionConflict.class::isInstance));
    }

    private static final class VersionConflict extends RuntimeException {
        VersionConflict() {
            super(null, null, false, false);
        }
    }

    /** The system's vendor, with its breaker (made on first use, with the settings of the system's lane). */
    private Vendor vendor(String systemId, String connector, Lane lane) {
        return vendors.computeIfAbsent(systemId, id -> {
            RunnerSettings.Breaker b = lane.settings().breaker();
            CircuitBreaker breaker = CircuitBreaker.of("vendor-" + id, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(b.window())
                    .minimumNumberOfCalls(b.minimumCalls()).failureRateThreshold(b.failureRatePercent())
                    .waitDurationInOpenState(b.probeEvery()).permittedNumberOfCallsInHalfOpenState(1)
                    .automaticTransitionFromOpenToHalfOpenEnabled(false).build());
            Vendor vendor = new Vendor(id, lane.name(), connector, breaker, b.probeEvery(), clock.instant());
            breaker.getEventPublisher().onStateTransition(event -> {
                Instant now = clock.instant();
                CircuitBreaker.State to = event.getStateTransition().getToState();
                if (to == CircuitBreaker.State.OPEN) {
                    vendor.pausedUntil = now.plus(b.probeEvery());
                    if (event.getStateTransition().getFromState() == CircuitBreaker.State.CLOSED) {
                        vendor.since = now;
                        log.warn("system {} paused: its vendor looks down ({}); one task probes it every {}", id, vendor.reason, b.probeEvery());
                        announce(new LaneLog.LaneChange(Events.newEventId(), now, id, vendor.lane, vendor.connector,
                                Set.copyOf(vendor.organisations), true, vendor.reason == null ? "its vendor failed" : vendor.reason, now,
                                vendor.pausedUntil, b.probeEvery()));
                    }
                } else if (to == CircuitBreaker.State.CLOSED) {
                    Instant pausedSince = vendor.since;
                    vendor.since = now;
                    vendor.pausedUntil = null;
                    log.info("system {} resumed: its vendor answers again", id);
                    announce(new LaneLog.LaneChange(Events.newEventId(), now, id, vendor.lane, vendor.connector,
                            Set.copyOf(vendor.organisations), false, "its vendor answered a probe", pausedSince, null, null));
                }
            });
            return vendor;
        });
    }

    /** The lanes and the state of every system's vendor seen since the start, for operators. */
    public List<LaneStatus> lanes() {
        Instant now = clock.instant();
        Map<String, List<LaneStatus.VendorStatus>> byLane = new TreeMap<>();
        vendors.values().stream().sorted(Comparator.comparing(v -> v.systemId)).forEach(v -> {
            CircuitBreaker.State state = v.breaker.getState();
            boolean closed = state == CircuitBreaker.State.CLOSED;
            float rate = v.breaker.getMetrics().getFailureRate();
            byLane.computeIfAbsent(v.lane, k -> new ArrayList<>()).add(new LaneStatus.VendorStatus(v.systemId,
                    closed ? "RUNNING" : state == CircuitBreaker.State.HALF_OPEN ? "PROBING" : "PAUSED", v.since,
                    closed ? null : v.reason, rate < 0 ? null : rate, closed ? null : v.pausedUntil == null || v.pausedUntil.isBefore(now)
                            ? now : v.pausedUntil));
        });
        settings.lanes().keySet().forEach(name -> byLane.computeIfAbsent(name, k -> new ArrayList<>()));
        lanes.keySet().forEach(name -> byLane.computeIfAbsent(name, k -> new ArrayList<>()));
        List<LaneStatus> result = new ArrayList<>();
        byLane.forEach((name, systems) -> {
            RunnerSettings.Lane lane = settings.lane(name);
            Lane running = lanes.get(name);
            int busy = running == null ? 0 : lane.concurrency() - running.permits().availablePermits();
            result.add(new LaneStatus(name, lane.concurrency(), busy, lane.rateLimit().calls(), lane.rateLimit().period(),
                    lane.retry().maxAttempts(), lane.retry().retryFor(), lane.breaker().probeEvery(), List.copyOf(systems)));
        });
        return result;
    }

    private Lane lane(String systemId, String connector) {
        return lanes.computeIfAbsent(settings.laneName(systemId, connector), name -> {
            RunnerSettings.Lane lane = settings.lane(name);
            // A call waits for its permit at most half the task's lease, so a waiting task never
            // outlives its claim and runs twice; beyond that the attempt fails and is retried.
            Duration longestWait = settings.lease().dividedBy(2);
            RateLimiter limiter = RateLimiter.of("connector-" + name, RateLimiterConfig.custom()
                    .limitForPeriod(lane.rateLimit().calls()).limitRefreshPeriod(lane.rateLimit().period())
                    .timeoutDuration(longestWait).build());
            Scheduler scheduler = Schedulers.newBoundedElastic(lane.concurrency(), 1_000, "connector-" + name, 60, true);
            return new Lane(name, new Semaphore(lane.concurrency()), limiter, scheduler, lane,
                    context(new RateLimitedHttpClient(http, limiter)));
        });
    }

    private ConnectorContext context(HttpClient laneHttp) {
        return ConnectorContext.of(secrets::find, laneHttp, clock, (connector, taskId) -> Optional.ofNullable(settings.callbackBaseUrl())
                .map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + "/api/v1/connectors/callbacks/" + connector + "/" + taskId));
    }
}
