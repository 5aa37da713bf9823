package dev.rightsflow.auditlog.cases.model;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The case projection of one request, folded from its events in order. Each {@code on...} method
 * is one event's effect; {@link #seen(String)} makes a redelivered event a no-op. No personal data
 * of the subject is held here: ids, dates, states and staff-entered reasons only. The {@link #status} is the router's
 * as its last case event stated it ({@link #onRouterClock}); the {@code on...} methods' own status transitions are the
 * fallback where it states none (before the case opens, history written before its events carried the clock).
 *
 * <p>Plain mutable holder (serialised as-is into the {@code cases} collection): the projection is
 * rebuilt from the topics, so it carries no history of its own.
 */
public class CaseFile {

    /** The most event ids kept for redelivery checks; a case has far fewer events. */
    private static final int SEEN_LIMIT = 500;

    public String requestId;
    public String right;
    public String channel;
    public String receivingOrganisationId;
    public String serviceId;
    public String controllerId;
    public String controllerRule;
    public String division;
    public Set<String> processorIds = new LinkedHashSet<>();
    public CaseStatus status = CaseStatus.RECEIVED;
    /** the status to return to when a pause ends */
    public CaseStatus statusBeforePause;
    public Instant receivedAt;
    public String verification;
    public Instant identityVerifiedAt;
    public LocalDate provisionalDeadline;
    public Instant clockStartsAt;
    /** the deadline the router stated at CaseOpened / DeadlineExtended */
    public LocalDate routerDeadline;
    /**
     * The case's status and deadline as the router published them with its last case event; null for a case
     * whose router events did not state it (written before they carried it): its deadline is then shown as being
     * worked out ({@link CaseDeadline#position}), nothing is worked out here.
     */
    public RouterDeadline routerClock;
    public boolean awaitingDecision;
    public Instant acceptedAt;
    public String refusalGround;
    public String refusalReason;
    public List<CasePause> pauses = new ArrayList<>();
    public boolean extended;
    public String extensionReason;
    public Instant extendedAt;
    public List<CaseTask> tasks = new ArrayList<>();
    public int exemptions;
    public List<String> signposts = new ArrayList<>();
    /** What {@link #exemptions} counts, listed; empty in a projection built before these were kept. */
    public List<CaseExemption> exemptionDetails = new ArrayList<>();
    /** {@link #signposts} with what the subject is told and how to reach them. */
    public List<CaseSignpost> signpostDetails = new ArrayList<>();
    public String triageReason;
    public List<String> triageCandidates = new ArrayList<>();
    /**
     * A consent withdrawal's own words and the purposes it named, which staff read to choose the
     * controller's purposes in triage (Art 7(3)); the requester's personal data, so cleared when the
     * request's personal data is erased. Null for other rights.
     */
    public String consentWithdrawalWords;
    public List<String> consentPurposesNamed = new ArrayList<>();
    public List<String> forwardingModes = new ArrayList<>();
    public Instant readyAt;
    public Instant closedAt;
    public String outcome;
    public String duplicateOf;
    public Set<String> alertsRaised = new LinkedHashSet<>();
    /** the last staff command the responsible service rejected, and why (shown on the case page) */
    public String rejectedCommand;
    public String rejectionReason;
    public Instant rejectedAt;
    public Instant lastEventAt;
    public List<String> seenEventIds = new ArrayList<>();

    public static CaseFile of(String requestId) {
        CaseFile file = new CaseFile();
        file.requestId = requestId;
        return file;
    }

    /** @return true when the event was already applied (redelivery): the caller then does nothing */
    public boolean seen(String eventId) {
        if (seenEventIds.contains(eventId)) {
            return true;
        }
        seenEventIds.add(eventId);
        if (seenEventIds.size() > SEEN_LIMIT) {
            seenEventIds.remove(0);
        }
        return false;
    }

    public void touched(Instant at) {
        if (at != null && (lastEventAt == null || at.isAfter(lastEventAt))) {
            lastEventAt = at;
        }
    }

    public void onReceived(String right, String channel, String organisationId, String serviceId, Instant receivedAt,
            String verification, LocalDate provisionalDeadline, String forwardedBy, String duplicateOf) {
        if (this.right == null || !"UNKNOWN".equals(right)) { // a right chosen in triage may have been folded first
            this.right = right;
        }
        this.channel = channel;
        this.receivingOrganisationId = organisationId;
        this.serviceId = serviceId;
        this.receivedAt = earliest(this.receivedAt, receivedAt);
        this.verification = verification;
        this.provisionalDeadline = provisionalDeadline;
        this.duplicateOf = duplicateOf;
        if (forwardedBy != null) {
            processorIds.add(forwardedBy);
        }
        boolean identityAskedFor = "EMAIL_CODE".equals(verification) || "DOCUMENTARY".equals(verification);
        if (status == CaseStatus.RECEIVED && identityAskedFor && identityVerifiedAt == null) {
            status = CaseStatus.AWAITING_IDENTITY;
        }
    }

    /**
     * The router's case event carried the case's status and deadline as they now stand: the status is the router's
     * from here on ({@link CaseStatus#ofRouter}), whatever this fold made of the event. The fold's own transitions
     * (the {@code on...} methods) stay for what the router states no status with: the steps before it opens the case,
     * and history written before its events carried the clock. A status this version does not know leaves the fold's.
     */
    public void onRouterClock(RouterDeadline clock) {
        routerClock = clock;
        CaseStatus stated = CaseStatus.ofRouter(clock.status(), clock.paused()).orElse(null);
        if (stated == null) {
            return;
        }
        status = stated;
        statusBeforePause = stated == CaseStatus.PAUSED
                ? CaseStatus.ofRouter(clock.status(), false).orElse(CaseStatus.IN_PROGRESS) : null;
    }

    /**
     * The case waits for the controller's decision to accept or refuse (the router's {@code AWAITING_DECISION}),
     * whether or not its clock is stopped for clarification meanwhile.
     */
    public boolean awaitingItsDecision() {
        return status == CaseStatus.AWAITING_DECISION
                || (status == CaseStatus.PAUSED && statusBeforePause == CaseStatus.AWAITING_DECISION);
    }

    /** What a consent withdrawal says in the subject's words, and the purposes it named; null and empty once erased. */
    public void onConsentWithdrawalWords(String words, List<String> purposesNamed) {
        consentWithdrawalWords = words == null || words.isBlank() ? null : words;
        consentPurposesNamed = new ArrayList<>(purposesNamed);
    }

    public void onIdentityVerificationRequested() {
        if (identityVerifiedAt == null && status == CaseStatus.RECEIVED) {
            status = CaseStatus.AWAITING_IDENTITY;
        }
    }

    public void onIdentityVerified(Instant verifiedAt) {
        identityVerifiedAt = verifiedAt;
        if (status == CaseStatus.AWAITING_IDENTITY) {
            status = controllerId == null ? CaseStatus.RECEIVED : CaseStatus.AWAITING_DECISION;
        }
    }

    public void onControllerResolved(String controllerId, String serviceId, String receivingOrganisationId,
            boolean receiverIsProcessor, String rule, String division) {
        this.controllerId = controllerId;
        if (serviceId != null) {
            this.serviceId = serviceId;
        }
        this.controllerRule = rule;
        this.division = division;
        if (receiverIsProcessor && receivingOrganisationId != null) {
            processorIds.add(receivingOrganisationId);
        }
        processorIds.remove(controllerId);
        triageReason = null;
        if (status == CaseStatus.TRIAGE) {
            status = CaseStatus.RECEIVED;
        }
    }

    public void onTriageRequired(String reason, List<String> candidates) {
        status = CaseStatus.TRIAGE;
        triageReason = reason;
        triageCandidates = new ArrayList<>(candidates);
    }

    public void onForwarded(String fromOrganisationId, String toOrganisationId, String mode) {
        if (fromOrganisationId != null && !fromOrganisationId.equals(toOrganisationId)) {
            processorIds.add(fromOrganisationId);
        }
        forwardingModes.add(mode);
        // Forwarded outside the platform (a controller that is not a tenant): no case opens here, so the processor's
        // staff see it as forwarded, as the subject does, whether or not the controller was already resolved. From v2
        // the event's clock states FORWARDED_EXTERNALLY (onRouterClock, applied after this); this is the fallback for a
        // v1 event without one.
        boolean outside = "MANUAL".equals(mode) || "SIGNED_HTTP".equals(mode) || "OPENDSR".equals(mode);
        if (outside && (status == CaseStatus.RECEIVED || status == CaseStatus.TRIAGE || status == CaseStatus.AWAITING_DECISION)) {
            status = CaseStatus.FORWARDED;
        }
    }

    public void onCaseOpened(String controllerId, String division, Instant receivedAt, Instant clockStartsAt,
            LocalDate statutoryDeadline, boolean awaitingDecision) {
        this.controllerId = controllerId;
        this.division = division;
        this.receivedAt = earliest(this.receivedAt, receivedAt);
        this.clockStartsAt = clockStartsAt;
        this.routerDeadline = statutoryDeadline;
        this.awaitingDecision = awaitingDecision;
        if (status.open() && status != CaseStatus.IN_PROGRESS && status != CaseStatus.PAUSED) {
            status = awaitingDecision ? CaseStatus.AWAITING_DECISION : CaseStatus.IN_PROGRESS;
        }
    }

    public void onAccepted(Instant at) {
        acceptedAt = at;
        awaitingDecision = false;
        if (status == CaseStatus.PAUSED) {
            // accepted while a clarification is awaited: in progress once it arrives, as the router has it
            statusBeforePause = CaseStatus.IN_PROGRESS;
        } else if (status.open() && status != CaseStatus.READY_TO_ANSWER) {
            status = CaseStatus.IN_PROGRESS;
        }
    }

    public void onRefused(String ground, String reason) {
        refusalGround = ground;
        refusalReason = reason;
        status = CaseStatus.REFUSED;
    }

    public void onPaused(Instant pausedAt, String reason) {
        LocalDate from = ukDate(pausedAt);
        if (pauses.stream().noneMatch(p -> p.to() == null)) {
            pauses.add(new CasePause(from, null, reason));
        }
        if (status.open() && status != CaseStatus.PAUSED) {
            statusBeforePause = status;
            status = CaseStatus.PAUSED;
        }
    }

    public void onResumed(Instant resumedAt) {
        for (int i = 0; i < pauses.size(); i++) {
            CasePause p = pauses.get(i);
            if (p.to() == null) {
                pauses.set(i, new CasePause(p.from(), ukDate(resumedAt), p.reason()));
            }
        }
        if (status == CaseStatus.PAUSED) {
            status = statusBeforePause == null ? CaseStatus.IN_PROGRESS : statusBeforePause;
            statusBeforePause = null;
        }
    }

    public void onExtended(String reason, LocalDate newDeadline, Instant at) {
        extended = true;
        extensionReason = reason;
        extendedAt = at;
        routerDeadline = newDeadline;
    }

    public void onPlanned(List<CaseTask> planned, List<CaseExemption> exemptions, List<CaseSignpost> signposts) {
        onPlanned(planned, exemptions.size(), signposts.stream().map(CaseSignpost::organisationName).toList());
        this.exemptionDetails = new ArrayList<>(exemptions);
        this.signpostDetails = new ArrayList<>(signposts);
    }

    public void onPlanned(List<CaseTask> planned, int exemptions, List<String> signposts) {
        for (CaseTask t : planned) {
            CaseTask existing = task(t.taskId).orElse(null);
            if (existing == null) {
                tasks.add(t);
            } else if (existing.lastSafeDispatch == null) {
                existing.lastSafeDispatch = t.lastSafeDispatch;
            }
        }
        this.exemptions = exemptions;
        this.signposts = new ArrayList<>(signposts);
    }

    public CaseTask taskOrNew(String taskId, String systemId, String action) {
        return task(taskId).orElseGet(() -> {
            CaseTask t = new CaseTask();
            t.taskId = taskId;
            t.systemId = systemId;
            t.action = action;
            tasks.add(t);
            return t;
        });
    }

    public void onTaskDispatched(String taskId, String systemId, String action, String connector, LocalDate lastSafeDispatch) {
        CaseTask t = taskOrNew(taskId, systemId, action);
        t.connector = connector;
        if (lastSafeDispatch != null) {
            t.lastSafeDispatch = lastSafeDispatch;
        }
        if (t.state == TaskState.PLANNED || t.state == TaskState.FAILED) {
            t.state = TaskState.DISPATCHED;
        }
    }

    public void onTaskAttemptFailed(String taskId, String systemId, int attempt, String reason) {
        CaseTask t = taskOrNew(taskId, systemId, null);
        t.attempts = Math.max(t.attempts, attempt);
        t.lastReason = reason;
        if (!t.state.done()) {
            t.state = TaskState.RETRYING;
        }
    }

    public void onTaskCompleted(String taskId, String systemId, String action, boolean subjectFound, Integer recordsAffected) {
        CaseTask t = taskOrNew(taskId, systemId, action);
        t.state = TaskState.COMPLETED;
        t.subjectFound = subjectFound;
        t.recordsAffected = recordsAffected;
    }

    public void onTaskFailed(String taskId, String systemId, String action, String reason, int attempts) {
        CaseTask t = taskOrNew(taskId, systemId, action);
        if (!t.state.done()) {
            t.state = TaskState.FAILED;
        }
        t.lastReason = reason;
        t.attempts = Math.max(t.attempts, attempts);
    }

    public void onTaskNeedsPerson(String taskId, String systemId, String action, String instructions) {
        CaseTask t = taskOrNew(taskId, systemId, action);
        if (!t.state.done()) {
            t.state = TaskState.NEEDS_PERSON;
        }
        t.instructions = instructions;
    }

    /**
     * The request was withdrawn before the task was done: it leaves every to-do list; {@code outcome}
     * says what became of it (stopped, cancelled at the vendor, or not cancellable, already sent).
     * A completed task stays completed.
     */
    public void onTaskCancelled(String taskId, String systemId, String action, String outcome) {
        CaseTask t = taskOrNew(taskId, systemId, action);
        if (!t.state.done()) {
            t.state = TaskState.CANCELLED;
        }
        t.lastReason = outcome;
    }

    public void onReadyToAnswer(Instant at) {
        readyAt = at;
        if (status.open()) {
            status = CaseStatus.READY_TO_ANSWER;
        }
    }

    public void onClosed(Instant at, String outcome) {
        closedAt = at;
        this.outcome = outcome;
        status = CaseStatus.CLOSED;
    }

    /** @return true when this alert is new to the case */
    public boolean onAlertRaised(String kind, LocalDate dueDate, String taskId) {
        return alertsRaised.add(alertKey(kind, dueDate, taskId));
    }

    public void onCommandRejected(String command, String reason, Instant at) {
        rejectedCommand = command;
        rejectionReason = reason;
        rejectedAt = at;
    }

    /** One alert of a kind per due date (and task): a moved deadline may alert again, a repeat may not. */
    public static String alertKey(String kind, LocalDate dueDate, String taskId) {
        return kind + "|" + dueDate + (taskId == null ? "" : "|" + taskId);
    }

    public Optional<CaseTask> task(String taskId) {
        return tasks.stream().filter(t -> t.taskId.equals(taskId)).findFirst();
    }

    /** The alert kind the router raises for a task past its last safe dispatch date (its {@code CaseDecisions}). */
    public static final String TASK_AT_RISK = "TASK_AT_RISK";

    /**
     * Tasks at risk, as the router decided it (its {@code DeadlineAlertRaised} kind {@link #TASK_AT_RISK}, folded by
     * {@link #onAlertRaised}): not yet completed, and the router raised the alert for the task's current last safe
     * dispatch date, which {@code today} has reached. Nothing is decided here: the router raises it once the date has
     * passed while the case's clock runs; a later plan with another date, a completed task or an answered case ends it.
     */
    public List<CaseTask> tasksAtRisk(LocalDate today) {
        if (!status.open()) {
            return List.of();
        }
        return tasks.stream().filter(t -> !t.state.done() && routerSaysAtRisk(t) && !today.isBefore(t.lastSafeDispatch))
                .toList();
    }

    /** The router raised TASK_AT_RISK for this task at its current last safe dispatch date. */
    public boolean routerSaysAtRisk(CaseTask task) {
        return task.lastSafeDispatch != null
                && alertsRaised.contains(alertKey(TASK_AT_RISK, task.lastSafeDispatch, task.taskId));
    }

    public boolean paused() {
        return pauses.stream().anyMatch(p -> p.to() == null);
    }

    /** Every organisation that may see this case: controller, receiver, processors. */
    public Set<String> organisations() {
        Set<String> all = new LinkedHashSet<>();
        if (controllerId != null) {
            all.add(controllerId);
        }
        if (receivingOrganisationId != null) {
            all.add(receivingOrganisationId);
        }
        all.addAll(processorIds);
        return all;
    }

    public static LocalDate ukDate(Instant instant) {
        return instant == null ? null : instant.atZone(UK).toLocalDate();
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
