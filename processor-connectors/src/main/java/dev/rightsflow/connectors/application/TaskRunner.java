package dev.rightsflow.connectors.application;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.model.ActorRef;
import dev.rightsflow.connectors.model.TaskRecord;
import dev.rightsflow.connectors.model.TaskRecord.PendingEvent;
import dev.rightsflow.connectors.model.TaskRecord.PendingEvent.Kind;
import dev.rightsflow.connectors.model.TaskStatus;
import dev.rightsflow.connectors.spi.Action;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.schemas.Events;
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
 *       restarts and hold no thread.</li>
 *   <li>Each outcome is written to the store together with the event it owes Kafka; the event is
 *       published and then acknowledged in the store, and re-published by the sweep until it is.
 *       Event ids are derived from the task id and attempt, so a republished event is the same event.</li>
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
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean sweepAgain = new AtomicBoolean();
    private volatile TaskSettledListener settledListener = task -> Mono.empty();
    private volatile Disposable ticking;

    /** Told about every task that reached COMPLETED (access packages listen). */
    public interface TaskSettledListener {
        Mono<Void> settled(TaskRecord task);
    }

    private record Lane(String name, Semaphore permits, RateLimiter limiter, Scheduler scheduler, RunnerSettings.Lane settings,
            ConnectorContext context) {
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

    /** Starts the periodic sweep (due tasks, reminders, unacknowledged events). */
    public synchronized void start() {
        if (ticking == null) {
            ticking = Flux.interval(Duration.ZERO, settings.pollInterval())
                    .onBackpressureDrop()
                    .concatMap(tick -> sweep().onErrorResume(e -> {
                        log.warn("sweep failed: {}", e.toString());
                        return Mono.empty();
                    }), 1)
                    .subscribe();
        }
    }

    public synchronized void stop() {
        if (ticking != null) {
            ticking.dispose();
            ticking = null;
        }
        lanes.values().forEach(l -> l.scheduler().dispose());
        lanes.clear();
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
     * A person did the task by hand and says what happened ({@code ConfirmManualTask}). Applies to
     * a task in any state but COMPLETED (staff may also finish a dead-lettered task by hand).
     */
    public Mono<Boolean> confirmManually(String taskId, boolean subjectFound, String evidence, ActorRef actor, String commandEventId) {
        return update(taskId, task -> {
            if (task.status() == TaskStatus.COMPLETED || task.hasApplied(commandEventId)) {
                return null;
            }
            Instant now = clock.instant();
            String exportRef = task.action() == Action.EXPORT
                    ? vault.write(ExportVault.ExportFile.confirmed(task, subjectFound, evidence)) : task.exportRef();
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
    public Mono<Boolean> retry(String taskId, String commandEventId, Instant requestedAt) {
        return update(taskId, task -> {
            if (task.hasApplied(commandEventId) || task.status() != TaskStatus.FAILED
                    || (task.updatedAt() != null && requestedAt.isBefore(task.updatedAt()))) {
                return null;
            }
            Instant now = clock.instant();
            return task.change().status(TaskStatus.PENDING).run(task.run() + 1).runAttempts(0).nextAttemptAt(now)
                    .pendingEvent(null).applied(commandEventId).at(now);
        }).map(changed -> {
            if (changed.isPresent()) {
                log.info("task {} retried by command {} (run {})", taskId, commandEventId, changed.get().run());
                kick();
            }
            return changed.isPresent();
        });
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
        sweep().subscribe(null, e -> log.warn("sweep failed: {}", e.toString()));
    }

    // ---- the sweep

    Mono<Void> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            sweepAgain.set(true);
            return Mono.empty();
        }
        Instant now = clock.instant();
        return store.due(now, settings.batch()).concatMap(this::offer)
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

    /** Takes the task if its lane has room and the rate limit allows; otherwise it waits for a later sweep. */
    private Mono<Void> offer(TaskRecord due) {
        Lane lane = lane(due.systemId(), due.connector());
        // A task whose vendor calls would only queue behind the rate limit waits unclaimed (no
        // attempt used, no thread held); the calls themselves take their permits as they go.
        if (lane.limiter().getMetrics().getAvailablePermissions() <= 0) {
            return Mono.empty();
        }
        if (!lane.permits().tryAcquire()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return store.claim(due.taskId(), now, now.plus(settings.lease()))
                .doOnNext(claimed -> execute(claimed, lane)
                        .doFinally(s -> {
                            lane.permits().release();
                            kick();
                        })
                        .subscribe(null, e -> log.error("task {} could not be settled: {}", claimed.taskId(), e.toString())))
                .switchIfEmpty(Mono.fromRunnable(() -> lane.permits().release()))
                .onErrorResume(e -> {
                    lane.permits().release();
                    log.warn("task {} could not be claimed: {}", due.taskId(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> execute(TaskRecord claimed, Lane lane) {
        return Mono.fromCallable(() -> call(claimed, lane.context()))
                .subscribeOn(lane.scheduler())
                .onErrorResume(e -> Mono.just(new Outcome.RetriableFailure(
                        "the connector failed unexpectedly (" + e.getClass().getSimpleName() + ")", null)))
                .flatMap(outcome -> settle(claimed, outcome, lane.settings()));
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

    private Mono<Void> settle(TaskRecord claimed, Outcome outcome, RunnerSettings.Lane lane) {
        Instant now = clock.instant();
        TaskRecord.Builder next = claimed.change().leaseUntil(null);
        if (outcome instanceof Outcome.Completed done) {
            String exportRef = claimed.action() == Action.EXPORT ? vault.write(ExportVault.ExportFile.of(claimed, done)) : null;
            next.status(TaskStatus.COMPLETED).subjectFound(done.subjectFound()).summary(done.summary())
                    .recordsAffected(done.recordsAffected()).exportRef(exportRef).lastReason(null)
                    .pendingEvent(new PendingEvent(Kind.COMPLETED, Events.derivedId(claimed.taskId(), "completed", "" + claimed.run()), now, null));
            log.info("task {} completed (subject found: {})", claimed.taskId(), done.subjectFound());
        } else if (outcome instanceof Outcome.RetriableFailure failure) {
            if (lane.retry().exhausted(claimed.runAttempts())) {
                next.status(TaskStatus.FAILED).lastReason(failure.reason()).pendingEvent(new PendingEvent(Kind.FAILED_RETRIABLE,
                        Events.derivedId(claimed.taskId(), "failed", "" + claimed.run()), now, failure.reason()));
                log.warn("task {} dead-lettered after {} attempts: {}", claimed.taskId(), claimed.runAttempts(), failure.reason());
            } else {
                Duration delay = lane.retry().delayAfter(claimed.runAttempts(), failure.retryAfter(), ThreadLocalRandom.current()::nextDouble);
                next.status(TaskStatus.RETRY_SCHEDULED).nextAttemptAt(now.plus(delay)).lastReason(failure.reason())
                        .pendingEvent(new PendingEvent(Kind.ATTEMPT_FAILED,
                                Events.derivedId(claimed.taskId(), "attempt", "" + claimed.attempts()), now, failure.reason()));
                log.info("task {} attempt {} failed, retry in {}: {}", claimed.taskId(), claimed.runAttempts(), delay, failure.reason());
            }
        } else if (outcome instanceof Outcome.PermanentFailure failure) {
            next.status(TaskStatus.FAILED).lastReason(failure.reason()).pendingEvent(new PendingEvent(Kind.FAILED_PERMANENT,
                    Events.derivedId(claimed.taskId(), "failed", "" + claimed.run()), now, failure.reason()));
            log.warn("task {} failed permanently: {}", claimed.taskId(), failure.reason());
        } else if (outcome instanceof Outcome.NeedsPerson person) {
            next.status(TaskStatus.NEEDS_PERSON).lastReason(person.instructions()).reminders(0)
                    .nextReminderAt(now.plus(reminderEvery(claimed)))
                    .pendingEvent(new PendingEvent(Kind.NEEDS_PERSON,
                            Events.derivedId(claimed.taskId(), "needs-person", "" + claimed.run()), now, person.instructions()));
            log.info("task {} needs a person", claimed.taskId());
        } else if (outcome instanceof Outcome.Pending pending) {
            // Waiting for the vendor is not a failed attempt: it does not use up the retry budget.
            next.status(TaskStatus.WAITING_FOR_VENDOR).runAttempts(claimed.runAttempts() - 1)
                    .nextAttemptAt(now.plus(pending.checkAfter())).lastReason(pending.note()).pendingEvent(null);
            log.info("task {} waits for the vendor; next check in {}", claimed.taskId(), pending.checkAfter());
        }
        TaskRecord changed = next.at(now);
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
                .pendingEvent(new PendingEvent(Kind.NEEDS_PERSON, Events.derivedId(task.taskId(), "reminder", "" + task.run(), "" + n), now,
                        "Reminder " + n + ": " + task.lastReason()))
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
        return ConnectorContext.of(secrets::get, laneHttp, clock, (connector, taskId) -> Optional.ofNullable(settings.callbackBaseUrl())
                .map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + "/connectors/callbacks/" + connector + "/" + taskId));
    }
}
