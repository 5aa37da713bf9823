package dev.rightsflow.connectors.tasks.application;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.catalogue.application.ConnectorCatalogue;
import dev.rightsflow.connectors.lanes.application.LaneLog;
import dev.rightsflow.connectors.lanes.application.LaneStatus;
import dev.rightsflow.connectors.lanes.application.RateLimitedHttpClient;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.DeadlineGuard;
import dev.rightsflow.connectors.tasks.model.Settlement;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent;
import dev.rightsflow.connectors.tasks.model.TaskRecord.PendingEvent.Kind;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.secrets.Secrets;
import reactor.core.publisher.Mono;

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
 * The runner is the tasks' use cases (accept, confirm by hand, retry, cancel, check now) and their lifecycle (start,
 * stop); the work is done by focused parts: {@link Sweeper} (what is due), {@link TaskRuns} (claim, run, settle,
 * hand back), {@link LaneScheduler} (lanes), {@link VendorBreakers} (pauses), {@link Reminders} and
 * {@link TaskChanges} (store a change, publish its event). {@link Settlement} decides what an outcome makes of a task.
 */
public final class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final RunnerSettings settings;
    private final Clock clock;
    private final TaskStore store;
    private final ExportVault vault;
    private final TaskChanges changes;
    private final LaneScheduler lanes;
    private final VendorBreakers breakers;
    private final TaskRuns runs;
    private final Sweeper sweeper;

    /** Told about every task that reached COMPLETED (access packages listen). */
    public interface TaskSettledListener {
        Mono<Void> settled(TaskRecord task);
    }

    public TaskRunner(ConnectorCatalogue catalogue, TaskStore store, ResultPublisher publisher, ExportVault vault, Secrets secrets,
            HttpClient http, Clock clock, RunnerSettings settings) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.vault = vault;
        this.changes = new TaskChanges(store, publisher);
        this.lanes = new LaneScheduler(secrets, http, clock, settings);
        this.breakers = new VendorBreakers(clock);
        Reminders reminders = new Reminders(store, changes, clock, settings);
        this.runs = new TaskRuns(catalogue, store, changes, vault, reminders, lanes, breakers, clock, settings, this::kick);
        this.sweeper = new Sweeper(store, runs, breakers, reminders, changes, clock, settings);
    }

    public void onSettled(TaskSettledListener listener) {
        changes.onSettled(listener);
    }

    /** Where a system's lane pausing and resuming is announced (LanePaused, LaneResumed). */
    public void lanesTo(LaneLog lanes) {
        breakers.announceTo(lanes);
    }

    /** Starts the periodic sweep (due tasks, reminders, unacknowledged events). */
    public synchronized void start() {
        runs.open();
        if (!sweeper.ticking()) {
            breakers.resumePausedBeforeStart();
            sweeper.startTicking();
        }
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
        runs.close();
        runs.awaitIdle(settings.shutdownTimeout(), sweeper::sweeping);
        sweeper.stopTicking();
        runs.handBackUnfinished();
        lanes.dispose();
        breakers.clear();
    }

    public boolean running() {
        return sweeper.ticking();
    }

    /**
     * How many times a sweep has read every runnable task of the paused systems for a deadline at risk: once a paused
     * set changes, then at most once a {@link Sweeper#RISK_PASS_EVERY}; newly stored tasks are checked on their own.
     */
    public long riskPasses() {
        return sweeper.riskPasses();
    }

    // ---- commands

    /** Stores a dispatched task and runs it when its lane has room; emits false for a redelivery. */
    public Mono<Boolean> accept(TaskRecord task) {
        return store.insertIfAbsent(task).doOnNext(inserted -> {
            if (inserted) {
                log.info("task {} of request {} accepted for {} on {}", task.taskId(), task.requestId(), task.action(), task.connector());
                sweeper.arrived(List.of(task));
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
                sweeper.arrived(tasks.stream().filter(t -> inserted.contains(t.taskId())).toList());
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
        return changes.update(taskId, task -> {
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
        }).flatMap(changes::afterChange);
    }

    /** Blanks the subject and details the request's tasks hold, once its retention has ended. @return tasks changed */
    public Mono<Long> erasePersonalData(String requestId) {
        return store.erasePersonalData(requestId);
    }

    /**
     * Runs a dead-lettered task again ({@code RetryTask}): a new run with a fresh retry budget.
     * Each command is applied at most once, by its event id (kept on the task): a redelivered
     * command changes nothing even if the task has failed again since. A command older than the
     * failure it would answer (issued before the retried run failed) changes nothing either.
     */
    public Mono<Boolean> retry(String taskId, String commandEventId, Instant requestedAt) {
        return changes.update(taskId, task -> {
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
        return changes.update(taskId, task -> {
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
            return changed.isPresent() ? changes.publishPending(changed.get()).thenReturn(true) : Mono.just(false);
        });
    }

    /** The vendor says it has news (a verified callback): check the task now instead of at the next poll. */
    public Mono<Boolean> checkNow(String taskId) {
        return changes.update(taskId, task -> task.status() != TaskStatus.WAITING_FOR_VENDOR ? null
                : task.change().nextAttemptAt(clock.instant()).at(clock.instant()))
                .map(changed -> {
                    changed.ifPresent(t -> kick());
                    return changed.isPresent();
                });
    }

    /** Sweeps now, without waiting for the next tick. */
    public void kick() {
        sweeper.kick();
    }

    /** The lanes and the state of every system's vendor seen since the start, for operators. */
    public List<LaneStatus> lanes() {
        Instant now = clock.instant();
        Map<String, List<LaneStatus.VendorStatus>> byLane = new TreeMap<>();
        breakers.statusByLane(now, byLane);
        settings.lanes().keySet().forEach(name -> byLane.computeIfAbsent(name, k -> new ArrayList<>()));
        lanes.names().forEach(name -> byLane.computeIfAbsent(name, k -> new ArrayList<>()));
        List<LaneStatus> result = new ArrayList<>();
        byLane.forEach((name, systems) -> {
            RunnerSettings.Lane lane = settings.lane(name);
            result.add(new LaneStatus(name, lane.concurrency(), lanes.busy(name), lane.rateLimit().calls(), lane.rateLimit().period(),
                    lane.retry().maxAttempts(), lane.retry().retryFor(), lane.breaker().probeEvery(), List.copyOf(systems)));
        });
        return result;
    }
}
