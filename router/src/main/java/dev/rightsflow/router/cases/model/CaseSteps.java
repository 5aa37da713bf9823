package dev.rightsflow.router.cases.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.planning.model.CasePlan;
import dev.rightsflow.router.planning.model.ConsentWithdrawal;
import dev.rightsflow.router.planning.model.IdDeriver;
import dev.rightsflow.router.planning.model.Planner;
import dev.rightsflow.router.planning.model.RequestFacts;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Registry;
import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.registry.model.Verification;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.router.resolution.model.ControllerResolver;
import dev.rightsflow.router.resolution.model.Resolution;
import dev.rightsflow.router.resolution.model.SubjectIdentities;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.model.Counted;

/**
 * Decides what happens next to a request. Given the case as folded so far and the event that
 * just arrived, it produces the router's events, each folded into the case before the next is
 * decided. The steps, in order, each taken once:
 * <ol>
 *   <li>resolve the controller ({@code ControllerResolved}) or ask staff ({@code TriageRequired}),
 *       also when the controller, planning here, cannot match the subject by the identities given;</li>
 *   <li>when the receiver is only a processor, forward ({@code RequestForwarded}): inside the
 *       platform to a tenant controller, otherwise by a signed call or a manual task; an external
 *       controller's case then lives with that controller;</li>
 *   <li>once identity is verified (or none is needed), open the case at the controller with the
 *       statutory deadline counted from the first receipt in the chain ({@code CaseOpened});</li>
 *   <li>accept by the controller's policy ({@code RequestAccepted}) or wait for staff; a controller with a
 *       pre-approval webhook has every new case wait for it (its answer arrives as a command, see
 *       {@code webhooks.application.PreApprovals}), or for staff when it does not answer;</li>
 *   <li>plan ({@code CasePlanned}) and dispatch one {@code TaskDispatched} per task;</li>
 *   <li>when every task has completed, {@code CaseReadyToAnswer}. A failed task or one waiting
 *       for a person keeps the case open.</li>
 * </ol>
 * Staff commands (accept, refuse, clarification, extension, close, resolve triage) are applied
 * when they are lawful in the case's state, and answered with {@code CommandRejected} (the reason
 * in words) when not: every command has exactly one outcome event. Every event id is
 * derived from what caused it, so a redelivery publishes the same ids again, never new facts.
 *
 * <p>A pure function of the case, the registry as it stands and the time (one instance per turn, made by the
 * application's {@code CaseWorkflow}): it folds each fact it decides into the case ({@link CaseFold}) before
 * deciding the next, and returns them; nothing here publishes, stores or reads a clock.
 */
public final class CaseSteps {

    private static final System.Logger log = System.getLogger(CaseSteps.class.getName());

    private final CaseCalendar calendar;
    private final Planner planner;
    private final CaseDecisions decisions;
    private final IdDeriver ids;
    private final Registry reg;
    private final Instant now;

    /**
     * @param reg the registry as it stands for this turn
     * @param now when this turn decides (the facts' {@code occurredAt})
     */
    public CaseSteps(CaseCalendar calendar, Planner planner, CaseDecisions decisions, IdDeriver ids, Registry reg,
            Instant now) {
        this.calendar = calendar;
        this.planner = planner;
        this.decisions = decisions;
        this.ids = ids;
        this.reg = reg;
        this.now = now;
    }

    /**
     * What the router does in answer to one input: the events to publish (already folded into the
     * case, in publishing order) and whether a signed forwarding call must be started. The call is
     * made off the listener thread; its outcome comes back through {@link #forwardOutcome}. When
     * staff close a case forwarded to an external controller over OpenDSR as withdrawn,
     * {@code startCancel} asks for the OpenDSR 2.0 §9 cancellation at that controller.
     */
    public record Decision(List<Outgoing> events, boolean startForward, boolean startCancel) {
        public Decision(List<Outgoing> events, boolean startForward) {
            this(events, startForward, false);
        }
    }

    /**
     * Why a request without a known right waits in triage: it arrived by a way that does not say which
     * right it exercises (a mail whose subject is "Data protection request", or no convention at all).
     */
    static final String UNKNOWN_RIGHT = "the request does not say which right it exercises (it arrived by email"
            + " without a subject line that names one): read it, choose the right and the controller, then resolve"
            + " the triage";

    /**
     * The outcome of the §9 cancellation call ({@link CaseDecisions#cancellationOutcome}), applied
     * to the case; nothing when an outcome is already recorded.
     */
    public List<Outgoing> cancelOutcome(CaseState c, boolean confirmed, String failure) {
        List<Outgoing> out = new ArrayList<>();
        decisions.cancellationOutcome(c, confirmed, failure, now()).forEach(e -> emit(c, out, e));
        return out;
    }

    /**
     * The router's events in answer to {@code input}, already folded into {@code c}.
     *
     * @param request the request's own event, or null when it has not arrived yet
     */
    public Decision decide(CaseState c, CaseInput input, Request request) {
        List<Outgoing> out = new ArrayList<>();
        boolean forwarding = c.forwardInFlight();
        if (input instanceof CaseCommand command) {
            if (command instanceof CaseCommand.ResolveTriage cmd) {
                record(c, decisions.resolveTriage(c, cmd, reg, request == null ? null
                        : request.namedPurposes(), now()), out);
            } else {
                CaseDecision decision = decisions.decide(c, command, now());
                record(c, decision, out);
                if (command instanceof CaseCommand.CloseCase) {
                    return new Decision(out, false, decision instanceof CaseDecision.Decided
                            && CaseDecisions.owesExternalCancellation(c));
                }
            }
        }
        advance(c, request, out);
        return new Decision(out, !forwarding && c.forwardInFlight());
    }

    /**
     * Folds the case model's decision into the case and queues its facts (or its rejection); the
     * dates are recomputed once the clock stopped or restarted or the deadline was extended.
     */
    private void record(CaseState c, CaseDecision decision, List<Outgoing> out) {
        if (decision instanceof CaseDecision.Rejected rejected) {
            reject(c, rejected, out);
            return;
        }
        List<CaseEvent> events = ((CaseDecision.Decided) decision).events();
        events.forEach(e -> emit(c, out, e));
        if (events.stream().anyMatch(e -> e instanceof CaseEvent.ClockPaused || e instanceof CaseEvent.ClockResumed
                || e instanceof CaseEvent.DeadlineExtended)) {
            refreshDates(c);
        }
    }

    /** Takes every step the case is ready for without a new input (reconciliation after a rebuild). */
    public Decision resume(CaseState c, Request request) {
        List<Outgoing> out = new ArrayList<>();
        boolean forwarding = c.forwardInFlight();
        advance(c, request, out);
        return new Decision(out, !forwarding && c.forwardInFlight());
    }

    /**
     * Records the outcome of a signed forwarding call started by {@link #decide}: delivered, or a
     * person forwards it (a manual FORWARD_TO_CONTROLLER task) when the call kept failing.
     */
    public List<Outgoing> forwardOutcome(CaseState c, Request request, boolean delivered, String reference,
            String failure) {
        List<Outgoing> out = new ArrayList<>();
        if (!c.forwardInFlight() || c.forwardingMode != null) {
            return out;
        }
        Organisation controller = reg.organisation(c.controllerId).orElse(null);
        if (controller == null) {
            // Stays FORWARDING (visible to staff and the processor); the call is made again at the next start.
            log.log(System.Logger.Level.WARNING, "request {0}: controller {1} left the registry while forwarding",
                    c.requestId, c.controllerId);
            return out;
        }
        Request.Hop hop = hop(c, controller);
        if (delivered) {
            emit(c, out, forwarded(c, hop, controller.forwarding().mode(), reference));
        } else {
            log.log(System.Logger.Level.WARNING, "request {0}: forwarding to {1} failed ({2}); a person forwards it",
                    c.requestId, controller.id(), failure);
            forwardByHand(c, controller, request, hop, failure, out);
        }
        return out;
    }

    /**
     * The step that depends on the date: a TASK_AT_RISK alert for every task still without a
     * completed outcome whose last safe dispatch date has passed (the sub-processor's turnaround
     * no longer fits before the deadline). Nothing while the clock is stopped. Each alert once per
     * last safe dispatch date; its id is the audit-log's alert id for the same fact.
     */
    public List<Outgoing> risks(CaseState c, LocalDate today) {
        List<Outgoing> out = new ArrayList<>();
        if (!CaseDecisions.tasksMayBeAtRisk(c)) {
            return out;
        }
        refreshDatesIfTheCalendarMovedThem(c);
        decisions.tasksAtRisk(c, today, now()).forEach(e -> emit(c, out, e));
        return out;
    }

    /**
     * Recomputes the deadline as it stands after the clock stopped or restarted or the deadline was
     * extended (Art 12A, Art 12(3)), and with it every task's last safe dispatch date: the
     * deadline less the holder's turnaround ({@code slaDays}) in working days.
     */
    public void refreshDates(CaseState c) {
        // Never throws for a year gov.uk has not published: the engine computes it from the rules
        // (provisional), and recomputes it here once the refreshed list is in.
        if (!c.opened()) {
            return;
        }
        LocalDate due = calendar.statutoryDue(c);
        if (due != null) {
            if (c.extended) {
                c.extendedDeadline = due;
            } else {
                c.statutoryDeadline = due;
            }
        }
        Optional<Organisation> controller = reg.organisation(c.controllerId);
        if (controller.isEmpty()) {
            return;
        }
        Integer targetDays = controller.get().targets().respondWorkingDays();
        if (targetDays != null) {
            c.targetDeadline = calendar.organisationTarget(controller.get().division(), calendar.clockStart(c),
                    targetDays + calendar.pausedWorkingDays(c));
        }
        LocalDate deadline = c.workingDeadline();
        for (CaseState.TaskState t : c.tasks.values()) {
            controller.get().systems().stream().filter(s -> s.id().equals(t.systemId)).findFirst()
                    .ifPresent(s -> t.lastSafeDispatch = planner.lastSafeDispatch(controller.get().division(),
                            s.slaDays(), deadline));
        }
    }

    /**
     * Recomputes the case's dates when the bank holidays they were worked out with have changed
     * since (a refreshed gov.uk list replacing a provisional year): the deadline as it stands
     * today differs from the one held.
     */
    private void refreshDatesIfTheCalendarMovedThem(CaseState c) {
        if (!c.opened()) {
            return;
        }
        LocalDate held = c.extended ? c.extendedDeadline : c.statutoryDeadline;
        LocalDate now = calendar.statutoryDue(c);
        if (held != null && now != null && !held.equals(now)) {
            log.log(System.Logger.Level.INFO, "request {0}: deadline moved from {1} to {2} with the refreshed bank"
                    + " holidays", c.requestId, held, now);
            refreshDates(c);
        }
    }

    /** Takes every step the case is ready for, in order, each once. */
    private void advance(CaseState c, Request request, List<Outgoing> out) {
        if (request == null || c.finished()) {
            return;
        }
        if (!c.resolved()) {
            if (c.triageReason != null) {
                return;
            }
            if (c.right == null) {
                triage(c, UNKNOWN_RIGHT, List.of(c.receivingOrganisationId), out);
                return;
            }
            Resolution resolution = new ControllerResolver(reg).resolve(c.receivingOrganisationId, c.serviceId,
                    c.relationship);
            if (resolution instanceof Resolution.NeedsTriage triage) {
                triage(c, triage.reason(), triage.candidates(), out);
                return;
            }
            Resolution.Resolved resolved = (Resolution.Resolved) resolution;
            Optional<String> unmatched = unmatchedHere(reg, resolved, request);
            if (unmatched.isPresent()) {
                triage(c, unmatched.get() + ": a person matches the subject, then resolves the triage;"
                        + " every task is then done by hand", List.of(resolved.controllerId()), out);
                return;
            }
            Optional<String> unmapped = purposesToMapHere(reg, resolved, c, request);
            if (unmapped.isPresent()) {
                triage(c, unmapped.get(), List.of(resolved.controllerId()), out);
                return;
            }
            emit(c, out, new CaseEvent.ControllerResolved(id(c, "ControllerResolved"), c.requestId, now(),
                    Actor.ROUTER, resolved.controllerId(), resolved.serviceId(),
                    c.receivingOrganisationId, resolved.receiverIsProcessor(),
                    resolved.rule() + CaseDecisions.duplicateNote(c),
                    reg.organisation(resolved.controllerId()).orElseThrow().division(), null, null));
        }
        Optional<Organisation> found = reg.organisation(c.controllerId);
        if (found.isEmpty()) {
            log.log(System.Logger.Level.WARNING, "request {0}: controller {1} left the registry; waiting for staff",
                    c.requestId, c.controllerId);
            return;
        }
        Organisation controller = found.get();
        if (c.receiverIsProcessor && c.forwardingMode == null) {
            if (!c.forwardInFlight()) {
                forward(c, controller, request, out);
            }
            if (c.forwardInFlight()) {
                return;
            }
        }
        if (c.forwardingMode != null && c.forwardingMode != ForwardingMode.TENANT) {
            return;
        }
        if (!c.opened()) {
            if (c.verification != Verification.NONE && c.identityVerifiedAt == null) {
                return;
            }
            open(c, controller, acceptedByLaw(request), out);
        }
        if (!c.accepted()) {
            boolean byLaw = acceptedByLaw(request);
            if (c.refusalGround() != null || !(controller.autoAccept() || byLaw) || c.phase.awaitingStaff()
                    || c.duplicateOf != null) {
                return;
            }
            emit(c, out, new CaseEvent.RequestAccepted(id(c, "RequestAccepted"), c.requestId, now(), Actor.ROUTER,
                    byLaw && !controller.autoAccept() ? ART_21_3
                            : "auto-accept: " + controller.name() + " accepts verified requests by policy"));
        }
        if (!c.planned()) {
            plan(c, controller, request, out);
        }
        if (c.planned() && !c.readyAnnounced() && c.allTasksCompleted()) {
            long completed = c.tasks.size();
            emit(c, out, new CaseEvent.CaseReadyToAnswer(id(c, "CaseReadyToAnswer"), c.requestId, now(),
                    Actor.ROUTER, Counted.of(completed, "task") + " completed, "
                            + Counted.of(c.exemptions, "exemption") + ", " + Counted.of(c.signposts, "signpost") + ": ready to answer"));
        }
    }

    /** Staff resolve the request: {@code TriageRequired} with the reason in words and the candidate controllers. */
    private void triage(CaseState c, String reason, List<String> candidates, List<Outgoing> out) {
        emit(c, out, new CaseEvent.TriageRequired(id(c, "TriageRequired"), c.requestId, now(),
                Actor.ROUTER, reason, candidates));
    }

    /**
     * Why the resolved controller cannot match the subject when the request is planned here (its
     * controller is a tenant, or the receiver itself): identified only by OpenDSR identities it holds
     * no record of ({@link SubjectIdentities}). A request forwarded to an external controller carries
     * its identities there, where they are that controller's to match.
     */
    private static Optional<String> unmatchedHere(Registry reg, Resolution.Resolved resolved, Request request) {
        Optional<Organisation> controller = reg.organisation(resolved.controllerId());
        if (controller.isEmpty() || (resolved.receiverIsProcessor() && !controller.get().tenant())) {
            return Optional.empty();
        }
        return unmatched(controller.get(), request);
    }

    private static Optional<String> unmatched(Organisation controller, Request request) {
        String email = request.subject().email();
        return SubjectIdentities.unmatched(controller.name(), email != null && !email.isBlank(),
                List.copyOf(request.subject().identifiers().keySet()));
    }

    /**
     * Why a consent withdrawal planned here (as for {@link #unmatchedHere}) cannot be planned with the
     * purposes it names: it names none, or names them in words that are not the controller's
     * purposes ({@link ConsentWithdrawal#needsMapping}); empty for every other request.
     */
    private static Optional<String> purposesToMapHere(Registry reg, Resolution.Resolved resolved, CaseState c,
            Request request) {
        Optional<Organisation> controller = reg.organisation(resolved.controllerId());
        if (c.right != Right.CONSENT_WITHDRAWAL || controller.isEmpty()
                || (resolved.receiverIsProcessor() && !controller.get().tenant())) {
            return Optional.empty();
        }
        return ConsentWithdrawal.needsMapping(controller.get(), request.namedPurposes());
    }

    /**
     * Forwards to the controller (Art 28(3)(e)). A tenant's case opens here; an external
     * controller with an endpoint gets a signed call, made off the listener thread (the case waits
     * in FORWARDING); without one, a person forwards it (a manual FORWARD_TO_CONTROLLER task). The
     * hop keeps the first receipt, from which the deadline counts (EDPB Guidelines 07/2020 para 129).
     */
    private void forward(CaseState c, Organisation controller, Request request, List<Outgoing> out) {
        Request.Hop hop = hop(c, controller);
        if (controller.tenant()) {
            emit(c, out, forwarded(c, hop, ForwardingMode.TENANT, null));
            return;
        }
        ForwardingMode mode = controller.forwarding().mode();
        if ((mode == ForwardingMode.SIGNED_HTTP || mode == ForwardingMode.OPENDSR)
                && controller.forwarding().endpoint() != null && !controller.forwarding().endpoint().isBlank()) {
            CaseFold.forwarding(c);
            return;
        }
        forwardByHand(c, controller, request, hop,
                mode == ForwardingMode.MANUAL ? null : "the controller has no endpoint in the registry", out);
    }

    private static Request.Hop hop(CaseState c, Organisation controller) {
        return new Request.Hop(c.receivingOrganisationId, controller.id(), c.requestId, c.receivedAt);
    }

    /**
     * A person forwards the request: the manual task first, then {@code RequestForwarded} (mode
     * MANUAL), so that a recorded hop always means its task was dispatched.
     */
    private void forwardByHand(CaseState c, Organisation controller, Request request, Request.Hop hop,
            String failure, List<Outgoing> out) {
        LocalDate due = calendar.dueFromReceipt(controller.division(), c.receivedAt);
        String systemId = "controller:" + controller.id();
        Map<String, String> config = new HashMap<>();
        config.put("controllerName", controller.name());
        if (controller.forwarding().contact() != null) {
            config.put("contact", controller.forwarding().contact());
        }
        config.put("instructions", "Forward this request to the controller promptly; its deadline counts from "
                + calendar.ukDay(c.receivedAt) + (failure == null ? "" : ". The signed call failed: " + failure));
        String taskId = ids.derive(c.requestId, systemId, Action.FORWARD_TO_CONTROLLER.name());
        emit(c, out, new CaseEvent.TaskDispatched(ids.derive(taskId, "TaskDispatched"), c.requestId, now(),
                Actor.ROUTER, taskId, controller.id(), systemId, "manual", config, Action.FORWARD_TO_CONTROLLER,
                c.right, request.subject(), request.details(), List.of(), due, due));
        emit(c, out, forwarded(c, hop, ForwardingMode.MANUAL, null));
    }

    private CaseEvent.RequestForwarded forwarded(CaseState c, Request.Hop hop, ForwardingMode mode, String reference) {
        return new CaseEvent.RequestForwarded(id(c, "RequestForwarded"), c.requestId, now(), Actor.ROUTER, hop,
                mode.name(), reference);
    }

    /** Why an objection to direct marketing is accepted whatever the controller's approval policy. */
    static final String ART_21_3 = "accepted by law: an objection to direct marketing is absolute and the data is no"
            + " longer processed for it (Art 21(3) UK GDPR); suppression is planned at once, whatever the"
            + " organisation's approval policy";

    /**
     * Whether the law itself accepts the request, so no staff decision is waited for: an objection
     * to direct marketing (Art 21(2)-(3) UK GDPR; shared/DOMAIN.md, "objection": absolute, means
     * suppression). Staff may still refuse it as manifestly unfounded or excessive (Art 12(5)), and
     * a repeat of an earlier request still waits for them (Art 12(5), {@link #duplicateNote}).
     */
    static boolean acceptedByLaw(Request request) {
        return request.right() == Right.OBJECTION && request.details().objectionDirectMarketing();
    }

    private void open(CaseState c, Organisation controller, boolean acceptedByLaw, List<Outgoing> out) {
        LocalDate due = calendar.statutoryDue(c);
        LocalDate clockStart = calendar.clockStart(c);
        Instant clockStartsAt = c.identityVerifiedAt != null && c.identityVerifiedAt.isAfter(c.receivedAt)
                ? c.identityVerifiedAt : c.receivedAt;
        emit(c, out, new CaseEvent.CaseOpened(id(c, "CaseOpened"), c.requestId, now(),
                Actor.ROUTER, controller.id(), controller.division(), c.receivedAt,
                clockStartsAt, due, (!controller.autoAccept() && !acceptedByLaw) || c.duplicateOf != null
                        || controller.preApprovalRequired()));
        c.targetDeadline = calendar.organisationTarget(controller.division(), clockStart,
                controller.targets().respondWorkingDays());
    }

    private void plan(CaseState c, Organisation controller, Request request, List<Outgoing> out) {
        Request.Details details = request.details();
        List<String> purposes = c.mappedConsentPurposes != null ? c.mappedConsentPurposes : request.namedPurposes();
        RequestFacts facts = new RequestFacts(c.requestId, c.right, details.objectionDirectMarketing(),
                purposes, unmatched(controller, request).orElse(null));
        if (c.targetDeadline == null) {
            c.targetDeadline = calendar.organisationTarget(controller.division(), calendar.clockStart(c),
                    controller.targets().respondWorkingDays());
        }
        LocalDate deadline = c.workingDeadline();
        CasePlan plan = planner.plan(controller, facts, deadline, calendar.ukDay(now));
        List<CaseEvent.CasePlanned.PlannedTask> tasks = plan.tasks().stream()
                .map(t -> new CaseEvent.CasePlanned.PlannedTask(t.taskId(), t.systemId(), t.action(), t.connector(),
                        t.lastSafeDispatch(), systemName(controller, t.systemId()))).toList();
        List<CaseEvent.CasePlanned.Exemption> exemptions = plan.exemptions().stream()
                .map(e -> new CaseEvent.CasePlanned.Exemption(e.systemId(), e.dataCategory(), e.legalBasis(),
                        e.explanation())).toList();
        List<CaseEvent.CasePlanned.Signpost> signposts = plan.signposts().stream()
                .map(p -> new CaseEvent.CasePlanned.Signpost(p.organisationName(), p.explanation(), p.contact()))
                .toList();
        // The tasks first, then CasePlanned: a plan on the cases topic means every one of its tasks
        // was acknowledged by the broker, which the rebuild's reconciliation relies on.
        for (CasePlan.Task t : plan.tasks()) {
            Request.Details taskDetails = TaskContent.details(details, t.action(),
                    t.action() == Action.WITHDRAW_CONSENT ? t.consentPurposes() : purposes);
            List<String> identifiers = controller.systems().stream().filter(s -> s.id().equals(t.systemId()))
                    .findFirst().map(Organisation.DataSystem::subjectIdentifiers).orElse(List.of());
            Map<String, String> config = new HashMap<>(t.connectorConfig());
            config.putIfAbsent("systemName", t.systemName());
            emit(c, out, new CaseEvent.TaskDispatched(ids.derive(t.taskId(), "TaskDispatched"), c.requestId,
                    now(), Actor.ROUTER, t.taskId(), controller.id(), t.systemId(), t.connector(), config, t.action(),
                    c.right, TaskContent.subject(request.subject(), identifiers, t.connector(), config), taskDetails,
                    t.dataCategories(), deadline, t.lastSafeDispatch()));
        }
        emit(c, out, new CaseEvent.CasePlanned(id(c, "CasePlanned"), c.requestId, now(), Actor.ROUTER, tasks,
                exemptions, signposts));
        out.addAll(risks(c, calendar.ukDay(now())));
        if (plan.anyAtRisk()) {
            log.log(System.Logger.Level.WARNING, "request {0}: {1} task(s) planned after their last safe dispatch"
                    + " date", c.requestId, plan.tasks().stream().filter(CasePlan.Task::atRisk).count());
        }
    }

    private void emit(CaseState c, List<Outgoing> out, CaseEvent event) {
        CaseFold.apply(c, event);
        CaseClock clock = clock(c, event);
        if (event instanceof CaseEvent.RequestForwarded && clock != null) {
            // the forwarded request's deadline as its event states it: the one date the processor's view shows
            c.forwardedDeadline = clock.statutoryDue();
        }
        out.add(new Outgoing(event, clock));
    }

    /**
     * The case's status and deadline as they stand now, for an event on the cases topic once the case is
     * open, and for the forwarding to the controller (before the case opens there: the deadline counted from the
     * first receipt in the chain, in the controller's division): the router is their one owner, and publishes them
     * with the event that changed them, with the staff commands the case takes as of this turn's day
     * ({@link CaseDecisions#allowed}, the rules it decides each command by).
     */
    private CaseClock clock(CaseState c, CaseEvent event) {
        if (event.channel() != CaseEvent.Channel.CASE
                || !(c.opened() || event instanceof CaseEvent.RequestForwarded)) {
            return null;
        }
        return calendar.clock(c, reg.organisation(c.controllerId).map(Organisation::targets)
                .orElse(null)).with(decisions.allowed(c, calendar.ukDay(now())));
    }

    /**
     * A staff command the case's state does not allow: nothing changes, and {@code CommandRejected}
     * tells the dashboard (and the audit trail) why, so no command is silently dropped.
     */
    private void reject(CaseState c, CaseDecision.Rejected rejected, List<Outgoing> out) {
        CaseEvent.CommandRejected r = rejected.rejection();
        log.log(System.Logger.Level.INFO, "request {0}: {1} {2} rejected: {3}", c.requestId, r.command(),
                r.commandEventId(), r.reason());
        emit(c, out, r);
    }

    private String id(CaseState c, String type) {
        return ids.derive(c.requestId, type);
    }

    private Instant now() {
        return now;
    }

    /** The name people read for a planned task's system: the data map's system or recipient name, else its id. */
    static String systemName(Organisation controller, String systemId) {
        if (systemId.startsWith("recipient:")) {
            String id = systemId.substring("recipient:".length());
            return controller.recipients().stream().filter(r -> r.id().equals(id)).map(Organisation.Recipient::name)
                    .filter(n -> n != null && !n.isBlank()).findFirst().orElse(id);
        }
        return controller.systems().stream().filter(s -> s.id().equals(systemId)).map(Organisation.DataSystem::name)
                .filter(n -> n != null && !n.isBlank()).findFirst().orElse(systemId);
    }
}
