package dev.rightsflow.router.cases.application;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseDecisions;
import dev.rightsflow.router.cases.model.CaseEvent;
import dev.rightsflow.router.cases.model.CaseFold;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.cases.model.CaseSteps;
import dev.rightsflow.router.cases.model.Outgoing;
import dev.rightsflow.router.events.application.EventPublisher;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.forwarding.application.ExternalForwarder;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.privacy.KeyStore;

/**
 * Handles the events of a request: live (decide, publish, then save), in a rebuild (fold only),
 * after a rebuild (reconcile: publish what the fold shows is missing), on the clock (tasks at
 * risk, erasure after retention) and when a signed forwarding or cancellation call returns.
 *
 * <p>One path for all of them ({@link #run}): every use case is a list of turns, one per request and input
 * ({@link Turn}); a turn asks the model ({@link CaseWorkflow}, {@link CaseFold}) about the case as loaded and gets
 * back the facts it decided, already folded into the case. The path loads the turns' cases in one read, takes the
 * turns in order in memory, starts every fact's send and awaits the acknowledgements together, then saves the
 * changed cases in one bulk write, version-conditioned, and only then starts the calls the turns asked for. A single
 * input is a batch of one.
 *
 * <p>Ordering and idempotency: one request is handled by one thread at a time here (lock
 * stripes by request id, taken in order); across instances the store's version check makes a concurrent writer
 * retry. Every output's id is derived from its cause, so publishing an output twice (redelivery,
 * reconciliation, a retried save) repeats a fact, never adds one. Outputs are published before the case is saved:
 * a crash in between means the input is redelivered and the same outputs are published again.
 *
 * <p>Signed forwarding calls run on a bounded pool (never on a listener thread); while one is
 * under way the case is FORWARDING and further inputs of the request are handled as usual; the
 * outcome is applied under the request's lock like any other input.
 */
public final class CaseService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaseService.class);
    private static final int LOCK_STRIPES = 64;
    private static final int SAVE_ATTEMPTS = 5;
    /** Requests reconciled in one turn of the one path (one read, one write). */
    private static final int RECONCILE_BATCH = 256;
    /** Cases the periodic checks (risk, retention) read and hold at once ({@link CaseStore#inStatusByPage}). */
    private static final int SCAN_PAGE = 500;
    /** How long a batch waits for the acknowledgements of its outputs' sends. */
    private static final long SEND_WAIT_SECONDS = 60;

    private final CaseStore store;
    private final CaseWorkflow workflow;
    private final RegistryService registry;
    private final EventPublisher<Outgoing> publisher;
    private final CaseCodec codec;
    private final ExternalForwarder forwarder;
    private final ThreadPoolExecutor forwardingPool;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    /**
     * @param forwardingThreads signed forwarding calls made at once; more wait in a bounded queue,
     *                          and past that the caller makes the call itself (back-pressure)
     */
    public CaseService(CaseStore store, CaseWorkflow workflow, RegistryService registry,
            EventPublisher<Outgoing> publisher, CaseCodec codec, ExternalForwarder forwarder,
            int forwardingThreads) {
        this.store = store;
        this.workflow = workflow;
        this.registry = registry;
        this.publisher = publisher;
        this.codec = codec;
        this.forwarder = forwarder;
        AtomicInteger threads = new AtomicInteger();
        this.forwardingPool = new ThreadPoolExecutor(forwardingThreads, forwardingThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1000), r -> {
                    Thread t = new Thread(r, "router-forwarding-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** An event read from {@code topic}, for {@link #projectAll}. */
    public record Input(String topic, CaseInput event) {
    }

    /** A batch stopped at the event at {@code index}: every event before it is handled, its effects saved. */
    public static final class BatchFailed extends RuntimeException {
        private final int index;

        BatchFailed(int index, Throwable cause) {
            super("event " + index + " of the batch could not be handled: " + cause, cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /** A live event from REQUESTS, TASK_RESULTS or CASE_COMMANDS: {@link #handleAll} of one. */
    public void handle(CaseInput event) {
        runOne(decide(event));
    }

    /**
     * Live events from REQUESTS, TASK_RESULTS or CASE_COMMANDS, a poll's at a time, with the same
     * outcome as handling each in turn (a redelivered event changes nothing): one {@link #run}, each event decided
     * in order in memory ({@link CaseWorkflow#decide}).
     *
     * @throws BatchFailed when an event could not be handled; the events before it are
     */
    public void handleAll(List<? extends CaseInput> events) {
        run(events.stream().map(this::decide).toList());
    }

    /** Folds an event read from {@code topic} into the projection, deciding and publishing nothing (rebuild). */
    public void project(String topic, CaseInput event) {
        runOne(project(new Input(topic, event)));
    }

    /**
     * {@link #project} for a batch of events, with the same outcome as projecting each in turn:
     * one read of the cases, the fold in memory, one bulk write. An alert about a case the store
     * does not hold (nor the batch opens) is not folded.
     *
     * @throws BatchFailed when an event could not be folded; the events before it are
     */
    public void projectAll(List<Input> events) {
        run(events.stream().map(this::project).toList());
    }

    /** A live input's turn: folded, decided by the model, remembered (a redelivery changes nothing). */
    private Turn decide(CaseInput event) {
        return new Turn(event.requestId(), event, w -> {
            CaseState c = w.state;
            if (c.processedEventIds.contains(event.eventId())) {
                return null;
            }
            Request request = event instanceof CaseInput.RequestReceived received ? received.request() : w.request();
            CaseFold.apply(c, event);
            CaseSteps.Decision decision = workflow.decide(c, event, request);
            CaseFold.remember(c, event.eventId());
            if (event instanceof CaseInput.RequestReceived r) {
                w.received(r);
            }
            return new Answer(decision.events(), decision.startForward(), decision.startCancel());
        });
    }

    /**
     * A rebuild's turn: the event folded (once: folded again after a crash while catching up changes nothing), the
     * router's own events and the staff commands noted for the reconciliation.
     */
    private Turn project(Input input) {
        CaseInput event = input.event();
        return new Turn(event.requestId(), event, w -> {
            if (event instanceof CaseEvent.DeadlineAlertRaised && w.unknown()) {
                return null;
            }
            CaseState c = w.state;
            if (event instanceof CaseInput.RequestReceived r) {
                w.received(r);
            }
            String eventId = event.eventId();
            if (Topics.CASES.equals(input.topic())) {
                c.seenOutputIds.add(eventId);
            } else if (Topics.CASE_COMMANDS.equals(input.topic()) && event instanceof CaseCommand command) {
                c.replayedCommands.put(eventId, codec.encode(command));
            }
            if (!c.processedEventIds.contains(eventId)) {
                CaseFold.apply(c, event);
                CaseFold.remember(c, eventId);
            }
            // an alert is no input the reconciliation answers
            c.awaitingReconciliation |= !(event instanceof CaseEvent.DeadlineAlertRaised);
            return Answer.NONE;
        });
    }

    /**
     * Tells the external controller that the subject withdrew a request forwarded to it over
     * OpenDSR (the §9 {@code DELETE}, signed, its signed 202 verified), on the forwarding pool. The
     * outcome, confirmed or why not (then a person tells the controller, whose contact is in the
     * registry), is published as {@code ExternalCancellationRecorded} and folded into the case
     * ({@link CaseState#externalCancellation}, shown on the case view), so a rebuild keeps it. Until
     * it is recorded the cancellation is owed, and {@link #resumeCancels} sends it again at the next
     * start. A controller accepts a cancellation only while the request is pending there.
     */
    private void startCancel(CaseState c) {
        Optional<Organisation> controller = registry.current().organisation(c.controllerId);
        String requestId = c.requestId;
        String receiver = c.receivingOrganisationId;
        forwardingPool.execute(() -> {
            Request request = store.load(requestId).map(this::request).orElse(null);
            ExternalForwarder.Result result;
            if (controller.isEmpty()) {
                result = ExternalForwarder.Result.failed("the controller is no longer in the registry");
            } else if (request == null) {
                result = ExternalForwarder.Result.failed("the request is no longer kept");
            } else {
                try {
                    result = forwarder.cancel(controller.get(), request, receiver);
                } catch (RuntimeException e) {
                    result = ExternalForwarder.Result.failed(e.getClass().getSimpleName());
                }
            }
            if (forwardingPool.isShutdown() || Thread.currentThread().isInterrupted()) {
                // Stopping: an interrupted call is not a failed one; the cancellation stays owed and
                // is sent again at the next start (same idempotency key).
                return;
            }
            if (result.delivered()) {
                log.info("request {}: {} confirmed the cancellation", requestId, c.controllerId);
            } else {
                log.warn("request {}: the cancellation at {} was not confirmed ({}); a person tells the controller",
                        requestId, c.controllerId, result.failure());
            }
            ExternalForwarder.Result outcome = result;
            try {
                runOne(new Turn(requestId, null, w -> Answer.of(workflow.cancelOutcome(w.state, outcome))));
            } catch (RuntimeException e) {
                log.error("request {}: the cancellation outcome could not be recorded ({}); it is sent again at the next start",
                        requestId, e.getClass().getSimpleName());
            }
        });
    }

    /**
     * After a rebuild: publishes what the topics show was decided but never published, because
     * the process stopped between handling an input and publishing its outputs. The fold marked
     * that input as handled, so a redelivery would not repair it. Two kinds of gap:
     * <ul>
     *   <li>a staff command none of whose possible outcomes (effect or {@code CommandRejected},
     *       ids derived from the command's id) is on the cases topic: it is decided now;</li>
     *   <li>a step the case is ready for but has not taken (resolution, forwarding, opening,
     *       acceptance, plan with its tasks, ready to answer): taken now. A plan is published after
     *       its tasks, and a manual forwarding hop after its task, so a recorded step always had
     *       all its outputs acknowledged.</li>
     * </ul>
     * Deadlines and last safe dispatch dates are recomputed with the registry as now loaded.
     *
     * @return the number of events published
     */
    public int reconcile() {
        return reconcile(store.ids());
    }

    /**
     * {@link #reconcile()} for the named requests only: those folded since the store last was live. Taken in batches of
     * {@value #RECONCILE_BATCH} through the one path ({@link #run}: one read, the sends awaited together, one write per
     * batch), as a poll's events are: after a backlog (requests received while the router was down, folded without a
     * decision) one turn at a time made readiness wait for three round trips per request.
     */
    public int reconcile(Collection<String> requestIds) {
        int published = 0;
        List<Turn> batch = new ArrayList<>();
        for (String requestId : requestIds) {
            batch.add(new Turn(requestId, null, w -> {
                CaseState c = w.state;
                Request request = w.request();
                List<Outgoing> out = new ArrayList<>();
                boolean startForward = false;
                if (c.receivedAt == null) {
                    // events of a request whose RequestReceived is not on the topics: nothing can be decided for it
                    log.warn("request {}: folded without its request; nothing to reconcile", requestId);
                    c.awaitingReconciliation = false;
                    return Answer.NONE;
                }
                workflow.refreshDates(c);
                for (var command : List.copyOf(c.replayedCommands.entrySet())) {
                    if (CaseWorkflow.possibleOutcomeIds(command.getKey()).stream().noneMatch(c.seenOutputIds::contains)) {
                        CaseCommand cmd = codec.command(command.getValue());
                        log.info("request {}: command {} had no outcome on the topics; deciding it now", requestId,
                                command.getKey());
                        CaseSteps.Decision d = workflow.decide(c, cmd, request);
                        out.addAll(d.events());
                        startForward |= d.startForward();
                    }
                }
                CaseSteps.Decision d = workflow.resume(c, request);
                out.addAll(d.events());
                startForward |= d.startForward();
                c.seenOutputIds.clear();
                c.replayedCommands.clear();
                c.awaitingReconciliation = false;
                return new Answer(out, startForward, false);
            }));
            if (batch.size() == RECONCILE_BATCH) {
                published += reconcileBatch(batch);
                batch = new ArrayList<>();
            }
        }
        published += reconcileBatch(batch);
        if (published > 0) {
            log.info("reconciliation after rebuild published {} missing event(s)", published);
        }
        return published;
    }

    /** At start without a rebuild: signed forwarding calls that were under way when the process stopped are made again. */
    public int resumeForwards() {
        List<CaseState> forwarding = store.inStatus(CaseState.Status.FORWARDING);
        forwarding.forEach(this::startForward);
        return forwarding.size();
    }

    /**
     * At going live: every case closed as withdrawn after it was forwarded over OpenDSR whose
     * cancellation outcome is not on the cases topic ({@link CaseDecisions#owesExternalCancellation})
     * has its §9 {@code DELETE} sent again: the process stopped between the close and the call (or
     * the call's outcome), and nothing else would retry it.
     *
     * @return the number of cancellations sent again
     */
    public int resumeCancels() {
        List<CaseState> owed = store.closedOverOpenDsrWithoutCancellation().stream()
                .filter(CaseDecisions::owesExternalCancellation).toList();
        owed.forEach(c -> {
            log.info("request {}: the cancellation at {} has no recorded outcome; sending it again", c.requestId,
                    c.controllerId);
            startCancel(c);
        });
        return owed.size();
    }

    /**
     * Raises TASK_AT_RISK for every open task past its last safe dispatch date on {@code today}
     * (each once). Called on a schedule with the router's clock.
     *
     * @return the number of alerts raised
     */
    public int checkRisks(LocalDate today) {
        int[] raised = {0};
        // a page of cases at a time: with a large backlog every case is in progress (issue 9)
        store.inStatusByPage(CaseState.Status.IN_PROGRESS, SCAN_PAGE, page -> {
            for (CaseState candidate : page) {
                raised[0] += runOne(new Turn(candidate.requestId, null, w -> Answer.of(workflow.risks(w.state, today))));
            }
        });
        return raised[0];
    }

    /**
     * Erases the requester's personal data of every request whose organisation's retention period for request
     * records ({@code requestRetentionDays}) has ended by {@code now}: deletes the request's data key, so every
     * sealed copy on every topic becomes unreadable, publishes {@code PersonalDataErased} (the audit trail records
     * it; the other services blank their stores on it) and blanks the request kept here (storage limitation, UK GDPR
     * Art 5(1)(e)). Called on a schedule with the router's clock.
     *
     * <p>A closed or refused request: the period counts from closure, and the controller's period applies (the
     * receiving organisation's before there is one). A request forwarded to a controller outside the platform never
     * closes here: the forwarding organisation's record of it has its own period, counted from the forwarding
     * ({@link CaseState#forwardedOutAt}).
     *
     * @return the number of requests erased
     */
    public int eraseAfterRetention(Instant now, KeyStore keys) {
        int[] erased = {0};
        for (CaseState.Status status : List.of(CaseState.Status.CLOSED, CaseState.Status.REFUSED,
                CaseState.Status.FORWARDED_EXTERNALLY)) {
            store.inStatusByPage(status, SCAN_PAGE, page -> {
                for (CaseState candidate : page) {
                    Optional<Organisation> owner = retentionOwner(candidate);
                    Instant start = retentionStart(candidate);
                    if (candidate.personalDataErased || start == null || owner.isEmpty()
                            || owner.get().requestRetentionDays() == null
                            || start.plus(Duration.ofDays(owner.get().requestRetentionDays())).isAfter(now)) {
                        continue;
                    }
                    erased[0] += runOne(erase(candidate.requestId, owner.get(), now, keys));
                }
            });
        }
        return erased[0];
    }

    /** The erasure's turn: nothing when the request was already erased (or is gone). */
    private Turn erase(String requestId, Organisation organisation, Instant now, KeyStore keys) {
        return new Turn(requestId, null, w -> {
            CaseState c = w.state;
            Instant start = retentionStart(c);
            if (c.personalDataErased || start == null) {
                return null;
            }
            keys.delete(c.requestId);
            CaseEvent.PersonalDataErased fact = new CaseEvent.PersonalDataErased(
                    Events.derivedId(c.requestId, "PersonalDataErased"), c.requestId, now, Actor.ROUTER,
                    organisation.id(), organisation.requestRetentionDays(), start, c.finished()
                            ? "personal data erased after retention"
                            : "personal data erased after retention (counted from forwarding to an external controller)");
            CaseFold.apply(c, fact);
            w.blank();
            return new Answer(List.of(new Outgoing(fact)), false, false);
        });
    }

    /** When the retention period starts: closure, or for a request still forwarded outside the platform, the forwarding. */
    private static Instant retentionStart(CaseState c) {
        if (c.finished()) {
            return c.finishedAt();
        }
        return c.status() == CaseState.Status.FORWARDED_EXTERNALLY ? c.forwardedOutAt : null;
    }

    /** The forwarding organisation for a request forwarded outside the platform, else the controller (or receiver). */
    private Optional<Organisation> retentionOwner(CaseState c) {
        String owner = c.forwardedOutAt != null ? c.receivingOrganisationId
                : c.controllerId != null ? c.controllerId : c.receivingOrganisationId;
        return owner == null ? Optional.empty() : registry.current().organisation(owner);
    }

    public Optional<CaseState> find(String requestId) {
        return store.load(requestId).map(CaseStore.StoredCase::state);
    }

    @Override
    public void close() {
        forwardingPool.shutdownNow();
    }

    private void startForward(CaseState c) {
        Optional<Organisation> controller = registry.current().organisation(c.controllerId);
        if (controller.isEmpty()) {
            return;
        }
        String requestId = c.requestId;
        String receiver = c.receivingOrganisationId;
        String key = CaseWorkflow.forwardingKey(c);
        forwardingPool.execute(() -> {
            Optional<CaseStore.StoredCase> stored = store.load(requestId);
            Request request = stored.map(this::request).orElse(null);
            if (request == null) {
                return;
            }
            if (request.right() == null && stored.get().state().right != null) {
                // the right staff chose in triage for a request that arrived without one (a mail)
                request = request.withRight(stored.get().state().right);
            }
            ExternalForwarder.Result result;
            try {
                result = forwarder.forward(controller.get(), request, receiver, key);
            } catch (RuntimeException e) {
                result = ExternalForwarder.Result.failed(e.getClass().getSimpleName());
            }
            if (forwardingPool.isShutdown() || Thread.currentThread().isInterrupted()) {
                // Stopping: an interrupted call is not a failed one. The case stays FORWARDING and the
                // call is made again at the next start (same idempotency key).
                return;
            }
            ExternalForwarder.Result outcome = result;
            try {
                runOne(new Turn(requestId, null, w -> Answer.of(workflow.forwardOutcome(w.state, w.request(), outcome))));
            } catch (RuntimeException e) {
                log.error("request {}: the forwarding outcome could not be recorded ({}); it is retried at the next start",
                        requestId, e.getClass().getSimpleName());
            }
        });
    }

    /**
     * One request's turn: the input it handles ({@code cause}; null for the router's own turns: reconciliation, the
     * clock, a call's outcome) and the step that asks the model about the case as loaded. The step answers what it
     * decided (already folded into the case), or null when nothing changed (nothing to publish or save).
     */
    private record Turn(String requestId, CaseInput cause, Function<Working, Answer> step) {
    }

    /** What a turn led to: the facts to publish, in order, and the calls to start once the case is saved. */
    private record Answer(List<Outgoing> events, boolean startForward, boolean startCancel) {
        static final Answer NONE = new Answer(List.of(), false, false);

        /** The facts alone; null (nothing changed) when there are none. */
        static Answer of(List<Outgoing> events) {
            return events.isEmpty() ? null : new Answer(events, false, false);
        }
    }

    /**
     * A batch of the reconciliation; when it fails, its turns one at a time, so that one case that cannot be reconciled
     * (it stays marked, and is tried again at the next start) does not hold back the others.
     */
    private int reconcileBatch(List<Turn> batch) {
        try {
            return runAll(batch);
        } catch (RuntimeException batchFailed) {
            int published = 0;
            for (Turn turn : batch) {
                try {
                    published += runOne(turn);
                } catch (RuntimeException e) {
                    log.error("request {}: not reconciled ({}); tried again at the next start", turn.requestId(), e.toString());
                }
            }
            return published;
        }
    }

    /** {@link #run} of one turn; what stopped it is thrown as it was. @return the number of facts published */
    private int runOne(Turn turn) {
        return runAll(List.of(turn));
    }

    /** {@link #run}; what stopped a turn is thrown as it was (the turns before it are taken). */
    private int runAll(List<Turn> turns) {
        try {
            return run(turns);
        } catch (BatchFailed failed) {
            if (failed.getCause() instanceof RuntimeException e) {
                throw e;
            }
            throw failed;
        }
    }

    /**
     * The one path: load the turns' cases (one read), take the turns in order in memory, publish what they decided
     * (every send started, the acknowledgements awaited together), save the changed cases (one bulk write,
     * version-conditioned), then start the calls they asked for, outside the locks (a full forwarding pool runs a
     * call on this thread). The turns' requests are locked (their stripes, in order) meanwhile. When the write fails
     * (another writer got there first), a batch is taken again one turn at a time, which skips what was saved; a
     * single turn is taken again on the case as now stored, up to {@value #SAVE_ATTEMPTS} times.
     *
     * @return the number of facts published
     * @throws BatchFailed when a turn could not be taken; the turns before it are
     */
    private int run(List<Turn> turns) {
        if (turns.isEmpty()) {
            return 0;
        }
        SortedSet<Integer> stripes = new TreeSet<>();
        for (int i = 0; i < turns.size(); i++) {
            try {
                stripes.add(stripe(Objects.requireNonNull(turns.get(i).requestId(), "an event without a request id")));
            } catch (RuntimeException e) { // not a request's event: those before it are handled, then it fails
                run(turns.subList(0, i));
                throw new BatchFailed(i, e);
            }
        }
        List<ReentrantLock> held = new ArrayList<>();
        Round done;
        int published = 0;
        try {
            for (int s : stripes) { // in order: two batches never wait for each other's stripes
                locks[s].lock();
                held.add(locks[s]);
            }
            for (int attempt = 1; ; attempt++) {
                Round round = new Round(store.loadAll(turns.stream().map(Turn::requestId).distinct().toList()));
                for (int i = 0; i < turns.size(); i++) {
                    try {
                        round.take(turns.get(i));
                    } catch (RuntimeException e) {
                        // nothing sent or saved yet: the turns before this one are taken again, then it fails
                        run(turns.subList(0, i));
                        throw new BatchFailed(i, e);
                    }
                }
                round.send();
                if (store.saveAll(round.changed())) {
                    done = round;
                    published = round.published();
                    break;
                }
                if (turns.size() > 1) {
                    log.info("router handles {} event(s) one at a time after a batch write failed", turns.size());
                    round.keepCallsSavedAnyway();
                    for (int i = 0; i < turns.size(); i++) {
                        try {
                            published += run(List.of(turns.get(i)));
                        } catch (BatchFailed failed) {
                            throw new BatchFailed(i, failed.getCause());
                        } catch (RuntimeException e) {
                            throw new BatchFailed(i, e);
                        }
                    }
                    done = round;
                    break;
                }
                if (attempt >= SAVE_ATTEMPTS) {
                    throw new IllegalStateException("request " + turns.get(0).requestId() + " kept changing under us");
                }
            }
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
        done.startCalls();
        return published;
    }

    /** A case as loaded, then changed in memory turn by turn. */
    private final class Working {
        final CaseState state;
        private final boolean stored;
        private byte[] requestEvent;
        private Request request;
        private boolean decoded;
        boolean changed;

        Working(String requestId, CaseStore.StoredCase loaded) {
            this.stored = loaded != null;
            this.state = loaded != null ? loaded.state() : new CaseState(requestId);
            this.requestEvent = loaded != null ? loaded.requestEvent() : null;
        }

        /** The request as stored beside the case (decoded once); null when it has not arrived. */
        Request request() {
            if (!decoded) {
                request = requestEvent == null ? null : codec.request(requestEvent);
                decoded = true;
            }
            return request;
        }

        void received(CaseInput.RequestReceived r) {
            requestEvent = r.stored();
            request = r.request();
            decoded = true;
        }

        /** The stored request with the requester's personal data blanked (after retention). */
        void blank() {
            requestEvent = requestEvent == null ? null : codec.blanked(requestEvent);
            decoded = false;
        }

        /** Neither stored nor opened by an earlier turn of this round. */
        boolean unknown() {
            return !stored && !changed;
        }
    }

    /** One pass over a list of turns: the cases as read once, what the turns decided, the calls they asked for. */
    private final class Round {
        private final Map<String, CaseStore.StoredCase> loaded;
        private final Map<String, Working> cases = new LinkedHashMap<>();
        /** What the turns decided, in order. */
        private final List<Decided> decided = new ArrayList<>();
        /** Per request: the input that asked for a forwarding call, and for a cancellation call (null: the router). */
        private final Map<String, String> forwards = new LinkedHashMap<>();
        private final Map<String, String> cancels = new LinkedHashMap<>();

        Round(Map<String, CaseStore.StoredCase> loaded) {
            this.loaded = loaded;
        }

        private record Decided(String requestId, CaseInput cause, List<Outgoing> events) {
        }

        void take(Turn turn) {
            String requestId = turn.requestId();
            Working w = cases.computeIfAbsent(requestId, id -> new Working(id, loaded.get(id)));
            Answer answer = turn.step().apply(w);
            if (answer == null) {
                return;
            }
            w.changed = true;
            decided.add(new Decided(requestId, turn.cause(), answer.events()));
            String cause = turn.cause() == null ? null : turn.cause().eventId();
            if (answer.startForward()) {
                forwards.put(requestId, cause);
            }
            if (answer.startCancel()) {
                cancels.put(requestId, cause);
            }
        }

        /** Starts every fact's send, in order (the fact's key is its request), then awaits the acknowledgements together. */
        void send() {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (Decided d : decided) {
                d.events().forEach(out -> acks.add(publisher.send(out)));
                if (!d.events().isEmpty()) {
                    log.info("request {}: {} -> {}", d.requestId(), d.cause() == null ? "router" : d.cause().type(),
                            d.events().stream().map(Outgoing::type).toList());
                }
            }
            if (acks.isEmpty()) {
                return;
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(SEND_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing a batch's outputs", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot publish a batch's outputs", e);
            }
        }

        int published() {
            return decided.stream().mapToInt(d -> d.events().size()).sum();
        }

        /** The changed cases as they now stand, to save. */
        List<CaseStore.StoredCase> changed() {
            return cases.values().stream().filter(w -> w.changed)
                    .map(w -> new CaseStore.StoredCase(w.state, w.requestEvent)).toList();
        }

        /**
         * When the bulk write failed: keeps the calls whose case was saved all the same (taking the turns one at a
         * time skips their inputs, so would not start them); the others are started by those turns.
         */
        void keepCallsSavedAnyway() {
            if (forwards.isEmpty() && cancels.isEmpty()) {
                return;
            }
            List<String> ids = new ArrayList<>(forwards.keySet());
            ids.addAll(cancels.keySet());
            Map<String, CaseStore.StoredCase> now = store.loadAll(ids.stream().distinct().toList());
            forwards.entrySet().removeIf(call -> !saved(now, call));
            cancels.entrySet().removeIf(call -> !saved(now, call));
        }

        private static boolean saved(Map<String, CaseStore.StoredCase> now, Map.Entry<String, String> call) {
            CaseStore.StoredCase stored = now.get(call.getKey());
            return stored != null && call.getValue() != null
                    && stored.state().processedEventIds.contains(call.getValue());
        }

        void startCalls() {
            forwards.keySet().forEach(id -> startForward(cases.get(id).state));
            cancels.keySet().forEach(id -> startCancel(cases.get(id).state));
        }
    }

    private Request request(CaseStore.StoredCase stored) {
        return stored.requestEvent() == null ? null : codec.request(stored.requestEvent());
    }

    private static int stripe(String requestId) {
        return Math.floorMod(requestId.hashCode(), LOCK_STRIPES);
    }
}
