package dev.rightsflow.router.cases.application;

import dev.rightsflow.router.events.application.EventPublisher;
import dev.rightsflow.router.forwarding.application.ExternalForwarder;
import dev.rightsflow.router.registry.application.RegistryService;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseDecisions;
import dev.rightsflow.router.cases.model.CaseEvent;
import dev.rightsflow.router.cases.model.CaseFold;
import dev.rightsflow.router.cases.model.Outgoing;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.cases.model.CaseSteps;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.privacy.KeyStore;

/**
 * Handles the events of a request: live (decide, publish, then save), in a rebuild (fold only),
 * after a rebuild (reconcile: publish what the fold shows is missing), on the clock (tasks at
 * risk) and when a signed forwarding call returns.
 *
 * <p>Ordering and idempotency: one request is handled by one thread at a time here (lock
 * stripes by request id); across instances the store's version check makes a concurrent writer
 * retry. Every output's id is derived from its cause, so publishing an output twice (redelivery,
 * reconciliation) repeats a fact, never adds one. Outputs are published before the case is saved:
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

    /** A live event from REQUESTS, TASK_RESULTS or CASE_COMMANDS. */
    public void handle(CaseInput event) {
        String requestId = event.requestId();
        String eventId = event.eventId();
        java.util.concurrent.atomic.AtomicReference<CaseState> cancel = new java.util.concurrent.atomic.AtomicReference<>();
        CaseState forward = update(requestId, (stored) -> {
            CaseState c = stored.state();
            if (c.processedEventIds.contains(eventId)) {
                return null;
            }
            Request request = event instanceof CaseInput.RequestReceived received ? received.request()
                    : request(stored);
            CaseFold.apply(c, event);
            CaseSteps.Decision decision = workflow.decide(c, event, request);
            publish(requestId, event, decision.events());
            CaseFold.remember(c, eventId);
            cancel.set(decision.startCancel() ? c : null);
            return new Change(c, event instanceof CaseInput.RequestReceived r ? r.stored() : stored.requestEvent(),
                    decision.startForward());
        });
        if (forward != null) {
            startForward(forward);
        }
        if (cancel.get() != null) {
            startCancel(cancel.get());
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

    /**
     * Live events from REQUESTS, TASK_RESULTS or CASE_COMMANDS, a poll's at a time, with the same
     * outcome as {@link #handle} for each in turn (a redelivered event changes nothing): the cases
     * they touch read in one query, the events decided in order in memory ({@link CaseWorkflow}),
     * every output send started and their acknowledgements awaited together, then the changed cases
     * saved in one bulk write, version-conditioned. Outputs before the save, as one at a time: a
     * case saved means its outputs are on the topics, so a crash in between repeats outputs (same
     * ids) and never loses one. The batch's requests are locked (their stripes, in order) meanwhile.
     * When the bulk write fails (another writer got there first), the batch is handled again one
     * event at a time, which skips what was saved.
     *
     * @throws BatchFailed when an event could not be handled; the events before it are
     */
    public void handleAll(List<? extends CaseInput> events) {
        batch(events.stream().map(e -> new Input(null, e)).toList(), true);
    }

    /**
     * {@link #project} for a batch of events, with the same outcome as projecting each in turn:
     * one read of the cases, the fold in memory, one bulk write. An alert about a case the store
     * does not hold (nor the batch opens) is not folded.
     *
     * @throws BatchFailed when an event could not be folded; the events before it are
     */
    public void projectAll(List<Input> events) {
        batch(events, false);
    }

    private void batch(List<Input> events, boolean live) {
        if (events.isEmpty()) {
            return;
        }
        java.util.SortedSet<Integer> stripes = new java.util.TreeSet<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                stripes.add(stripe(java.util.Objects.requireNonNull(events.get(i).event().requestId(),
                        "an event without a request id")));
            } catch (RuntimeException e) { // not a request's event: those before it are handled, then it fails
                batch(events.subList(0, i), live);
                throw new BatchFailed(i, e);
            }
        }
        List<ReentrantLock> held = new ArrayList<>();
        Runnable calls;
        try {
            for (int s : stripes) { // in order: two batches never wait for each other's stripes
                locks[s].lock();
                held.add(locks[s]);
            }
            Batch b = new Batch(store.loadAll(events.stream().map(e -> e.event().requestId()).distinct().toList()));
            for (int i = 0; i < events.size(); i++) {
                try {
                    if (live) {
                        b.decide(events.get(i).event());
                    } else {
                        b.project(events.get(i));
                    }
                } catch (RuntimeException e) {
                    // nothing sent or saved yet: the events before this one are handled again, then it fails
                    batch(events.subList(0, i), live);
                    throw new BatchFailed(i, e);
                }
            }
            if (live) {
                b.send();
            }
            Map<String, CaseState> started = live ? b.startedFromThisBatch() : Map.of();
            if (!store.saveAll(b.changed())) {
                log.info("router handles {} event(s) one at a time after a batch write failed", events.size());
                started = b.savedAnyway(started);
                for (int i = 0; i < events.size(); i++) {
                    try {
                        if (live) {
                            handle(events.get(i).event());
                        } else {
                            project(events.get(i).topic(), events.get(i).event());
                        }
                    } catch (RuntimeException e) {
                        throw new BatchFailed(i, e);
                    }
                }
            }
            Map<String, CaseState> saved = started;
            calls = () -> b.startCalls(saved);
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
        calls.run(); // outside the locks, as one at a time (a full forwarding pool runs a call on this thread)
    }

    /** A batch's cases as read once, then changed in memory event by event; what goes out once they are saved. */
    private final class Batch {
        private final Map<String, CaseStore.StoredCase> loaded;
        private final Map<String, Working> cases = new java.util.LinkedHashMap<>();
        /** The outputs decided, in order: per input, its request and what it led to. */
        private final List<Outputs> outputs = new ArrayList<>();
        /** Per request: the event that asked for a forwarding call, and for a cancellation call. */
        private final Map<String, String> forwards = new java.util.LinkedHashMap<>();
        private final Map<String, String> cancels = new java.util.LinkedHashMap<>();

        Batch(Map<String, CaseStore.StoredCase> loaded) {
            this.loaded = loaded;
        }

        /** A case of the batch as it stands after the events so far. */
        private final class Working {
            final CaseState state;
            byte[] requestEvent;
            Request request;
            boolean decoded;

            Working(CaseStore.StoredCase stored) {
                this.state = stored.state();
                this.requestEvent = stored.requestEvent();
            }

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
        }

        private Working working(String requestId) {
            return cases.computeIfAbsent(requestId, id -> new Working(Optional.ofNullable(loaded.get(id))
                    .orElseGet(() -> new CaseStore.StoredCase(new CaseState(id), null))));
        }

        /** As {@link #handle}, in memory: the outputs are sent later, the case saved later. */
        void decide(CaseInput event) {
            String requestId = event.requestId();
            String eventId = event.eventId();
            Working w = working(requestId);
            CaseState c = w.state;
            if (c.processedEventIds.contains(eventId)) {
                return;
            }
            Request request = event instanceof CaseInput.RequestReceived received ? received.request() : w.request();
            CaseFold.apply(c, event);
            CaseSteps.Decision decision = workflow.decide(c, event, request);
            CaseFold.remember(c, eventId);
            if (event instanceof CaseInput.RequestReceived r) {
                w.received(r);
            }
            List<Outgoing> out = decision.events();
            outputs.add(new Outputs(requestId, event, out));
            if (decision.startForward()) {
                forwards.put(requestId, eventId);
            }
            if (decision.startCancel()) {
                cancels.put(requestId, eventId);
            }
        }

        private record Outputs(String requestId, CaseInput cause, List<Outgoing> events) {
        }

        /** Starts every output's send, in order, then awaits their acknowledgements together. */
        void send() {
            List<java.util.concurrent.CompletableFuture<?>> acks = new ArrayList<>();
            outputs.forEach(o -> publish(out -> acks.add(publisher.send(out)), o.requestId(), o.cause(), o.events()));
            try {
                java.util.concurrent.CompletableFuture.allOf(acks.toArray(java.util.concurrent.CompletableFuture[]::new))
                        .get(SEND_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing a batch's outputs", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot publish a batch's outputs", e);
            }
        }

        /** As {@link CaseService#project}, in memory. */
        void project(Input input) {
            CaseInput event = input.event();
            String requestId = event.requestId();
            if (event instanceof CaseEvent.DeadlineAlertRaised && !loaded.containsKey(requestId)
                    && !cases.containsKey(requestId)) {
                return;
            }
            Working w = working(requestId);
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
        }

        /** The cases as they now stand, to save. */
        List<CaseStore.StoredCase> changed() {
            return cases.values().stream().map(w -> new CaseStore.StoredCase(w.state, w.requestEvent)).toList();
        }

        /** The cases whose forwarding or cancellation call this batch asked for. */
        Map<String, CaseState> startedFromThisBatch() {
            Map<String, CaseState> started = new java.util.LinkedHashMap<>();
            forwards.keySet().forEach(id -> started.put(id, cases.get(id).state));
            cancels.keySet().forEach(id -> started.put(id, cases.get(id).state));
            return started;
        }

        /**
         * When the bulk write failed: the calls whose case was saved all the same (the handling one
         * at a time that follows skips its events, so would not start them); the others it starts.
         */
        Map<String, CaseState> savedAnyway(Map<String, CaseState> started) {
            if (started.isEmpty()) {
                return started;
            }
            Map<String, CaseStore.StoredCase> now = store.loadAll(started.keySet());
            forwards.entrySet().removeIf(f -> !saved(now, f));
            cancels.entrySet().removeIf(f -> !saved(now, f));
            return started;
        }

        private static boolean saved(Map<String, CaseStore.StoredCase> now, Map.Entry<String, String> call) {
            CaseStore.StoredCase stored = now.get(call.getKey());
            return stored != null && stored.state().processedEventIds.contains(call.getValue());
        }

        void startCalls(Map<String, CaseState> started) {
            forwards.keySet().forEach(id -> startForward(started.get(id)));
            cancels.keySet().forEach(id -> startCancel(started.get(id)));
        }
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
                update(requestId, s -> {
                    List<Outgoing> out = workflow.cancelOutcome(s.state(), outcome);
                    if (out.isEmpty()) {
                        return null;
                    }
                    publish(requestId, null, out);
                    return new Change(s.state(), s.requestEvent(), false);
                });
            } catch (RuntimeException e) {
                log.error("request {}: the cancellation outcome could not be recorded ({}); it is sent again at the next start",
                        requestId, e.getClass().getSimpleName());
            }
        });
    }

    /** Folds an event read from {@code topic} into the projection, deciding and publishing nothing (rebuild). */
    public void project(String topic, CaseInput event) {
        String requestId = event.requestId();
        ReentrantLock lock = lock(requestId);
        lock.lock();
        try {
            CaseStore.StoredCase stored = load(requestId);
            CaseState c = stored.state();
            byte[] requestBytes = event instanceof CaseInput.RequestReceived r ? r.stored() : stored.requestEvent();
            String eventId = event.eventId();
            if (Topics.CASES.equals(topic)) {
                c.seenOutputIds.add(eventId);
            } else if (Topics.CASE_COMMANDS.equals(topic) && event instanceof CaseCommand command) {
                c.replayedCommands.put(eventId, codec.encode(command));
            }
            if (!c.processedEventIds.contains(eventId)) { // folded again after a crash while catching up
                CaseFold.apply(c, event);
                CaseFold.remember(c, eventId);
            }
            store.save(new CaseStore.StoredCase(c, requestBytes));
        } finally {
            lock.unlock();
        }
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

    /** {@link #reconcile()} for the named requests only: those folded since the store last was live. */
    public int reconcile(java.util.Collection<String> requestIds) {
        int published = 0;
        for (String requestId : requestIds) {
            List<CaseState> forwards = new ArrayList<>();
            AtomicInteger count = new AtomicInteger();
            update(requestId, stored -> {
                CaseState c = stored.state();
                Request request = request(stored);
                List<Outgoing> out = new ArrayList<>();
                boolean startForward = false;
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
                publish(requestId, null, out);
                count.addAndGet(out.size());
                if (startForward) {
                    forwards.add(c);
                }
                return new Change(c, stored.requestEvent(), startForward);
            });
            forwards.forEach(this::startForward);
            published += count.get();
        }
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
        int raised = 0;
        for (CaseState candidate : store.inStatus(CaseState.Status.IN_PROGRESS)) {
            AtomicInteger count = new AtomicInteger();
            update(candidate.requestId, stored -> {
                List<Outgoing> out = workflow.risks(stored.state(), today);
                if (out.isEmpty()) {
                    return null;
                }
                publish(candidate.requestId, null, out);
                count.set(out.size());
                return new Change(stored.state(), stored.requestEvent(), false);
            });
            raised += count.get();
        }
        return raised;
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
        int erased = 0;
        for (CaseState.Status status : List.of(CaseState.Status.CLOSED, CaseState.Status.REFUSED,
                CaseState.Status.FORWARDED_EXTERNALLY)) {
            for (CaseState candidate : store.inStatus(status)) {
                Optional<Organisation> owner = retentionOwner(candidate);
                Instant start = retentionStart(candidate);
                if (candidate.personalDataErased || start == null || owner.isEmpty()
                        || owner.get().requestRetentionDays() == null
                        || start.plus(Duration.ofDays(owner.get().requestRetentionDays())).isAfter(now)) {
                    continue;
                }
                erased += erase(candidate.requestId, owner.get(), now, keys);
            }
        }
        return erased;
    }

    /** @return 1 when this call erased the request, 0 when it was already erased (or is gone) */
    private int erase(String requestId, Organisation organisation, Instant now, KeyStore keys) {
        AtomicInteger done = new AtomicInteger();
        update(requestId, stored -> {
            CaseState c = stored.state();
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
            publish(c.requestId, null, List.of(new Outgoing(fact)));
            CaseFold.apply(c, fact);
            done.set(1);
            return new Change(c, stored.requestEvent() == null ? null : codec.blanked(stored.requestEvent()), false);
        });
        return done.get();
    }

    /** When the retention period starts: closure, or for a request still forwarded outside the platform, the forwarding. */
    private static Instant retentionStart(CaseState c) {
        if (c.finished()) {
            return c.finishedAt;
        }
        return c.status == CaseState.Status.FORWARDED_EXTERNALLY ? c.forwardedOutAt : null;
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
                update(requestId, s -> {
                    List<Outgoing> out = workflow.forwardOutcome(s.state(), request(s), outcome);
                    if (out.isEmpty()) {
                        return null;
                    }
                    publish(requestId, null, out);
                    return new Change(s.state(), s.requestEvent(), false);
                });
            } catch (RuntimeException e) {
                log.error("request {}: the forwarding outcome could not be recorded ({}); it is retried at the next start",
                        requestId, e.getClass().getSimpleName());
            }
        });
    }

    /** A changed case to save, and whether a forwarding call must start once it is saved. */
    private record Change(CaseState state, byte[] requestEvent, boolean startForward) {
    }

    /**
     * Loads the case, applies {@code step} (null: nothing to save) and saves it, retrying when
     * another writer saved it first. @return the saved case when a forwarding call must start
     */
    private CaseState update(String requestId, Function<CaseStore.StoredCase, Change> step) {
        ReentrantLock lock = lock(requestId);
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                Change change = step.apply(load(requestId));
                if (change == null) {
                    return null;
                }
                if (store.save(new CaseStore.StoredCase(change.state(), change.requestEvent()))) {
                    return change.startForward() ? change.state() : null;
                }
                if (attempt >= SAVE_ATTEMPTS) {
                    throw new IllegalStateException("request " + requestId + " kept changing under us");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void publish(String requestId, CaseInput cause, List<Outgoing> out) {
        publish(publisher::publish, requestId, cause, out);
    }

    /** Hands each output to {@code via} in order (the fact's key is its request), and logs what went out. */
    private static void publish(Consumer<Outgoing> via, String requestId, CaseInput cause,
            List<Outgoing> out) {
        out.forEach(via);
        if (!out.isEmpty()) {
            log.info("request {}: {} -> {}", requestId, cause == null ? "router" : cause.type(),
                    out.stream().map(Outgoing::type).toList());
        }
    }

    private Request request(CaseStore.StoredCase stored) {
        return stored.requestEvent() == null ? null : codec.request(stored.requestEvent());
    }

    private ReentrantLock lock(String requestId) {
        return locks[stripe(requestId)];
    }

    private static int stripe(String requestId) {
        return Math.floorMod(requestId.hashCode(), LOCK_STRIPES);
    }

    private CaseStore.StoredCase load(String requestId) {
        return store.load(requestId).orElseGet(() -> new CaseStore.StoredCase(new CaseState(requestId), null));
    }
}
