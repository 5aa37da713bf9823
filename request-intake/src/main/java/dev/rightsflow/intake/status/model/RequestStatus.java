package dev.rightsflow.intake.status.model;

import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Verification;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.schemas.model.Counted;

/**
 * Intake's projection of one request, folded from {@link CaseFact}s, for the citizen's status
 * page. Holds no personal data of the subject: the token only as a hash, the subject only as a
 * duplicate fingerprint.
 *
 * @param appliedEventIds ids of the facts already folded in (redelivery is a no-op)
 * @param routerDeadline  the case's status and deadline as the router stated them with its last case event;
 *                        null before the case opened, or when its events were written before they carried it
 */
public record RequestStatus(String requestId, String statusTokenHash, String organisationId, String serviceId,
        RightType right, Channel channel, Instant receivedAt, Verification verification, Instant verifiedAt,
        LocalDate provisionalDeadline, String duplicateOf, String fingerprint, UkDivision division,
        String forwardedByOrganisationId, String controllerId, boolean triage, String forwardedTo,
        Instant clockStartsAt, LocalDate statutoryDeadline, boolean awaitingDecision, boolean accepted,
        String refusalReason, List<Pause> pauses, LocalDate extendedDeadline, String extensionReason,
        List<Task> tasks, List<String> exemptions, List<Signpost> signposts, String readySummary,
        String closedOutcome, String closedSummary, String accessPackageId, Instant accessPackageExpiresAt,
        List<Step> history, List<String> appliedEventIds, RouterDeadline routerDeadline) {

    /** A stop of the clock while clarification is awaited (Art 12A); {@code to} is null while it lasts. */
    public record Pause(Instant from, Instant to, String reason) {
    }

    /** One task of the plan and its outcome so far. */
    public record Task(String taskId, String systemId, String action, TaskState state, String summary) {
    }

    public enum TaskState {
        PLANNED, RETRYING, DONE, NOT_FOUND, FAILED, WAITING_FOR_PERSON,
        /** the request was withdrawn and the task stopped */
        CANCELLED,
        /** the request was withdrawn but the task was already sent (or done) */
        NOT_CANCELLED
    }

    /** An independent controller the subject is directed to (e.g. PayPal for 25% M.E. Group donations). */
    public record Signpost(String organisationName, String explanation, String contact) {
    }

    /** One line of the request's history, in words the citizen understands. */
    public record Step(Instant at, String words) {
    }

    public RequestStatus {
        pauses = List.copyOf(pauses);
        tasks = List.copyOf(tasks);
        exemptions = List.copyOf(exemptions);
        signposts = List.copyOf(signposts);
        history = List.copyOf(history);
        appliedEventIds = List.copyOf(appliedEventIds);
    }

    /** An empty status for a request whose first event has not arrived yet (events of one key stay in order). */
    public static RequestStatus empty(String requestId) {
        return new RequestStatus(requestId, null, null, null, null, null, null, Verification.NONE, null, null, null,
                null, null, null, null, false, null, null, null, false, false, null, List.of(), null, null, List.of(),
                List.of(), List.of(), null, null, null, null, null, List.of(), List.of(), null);
    }

    public boolean known() {
        return statusTokenHash != null;
    }

    public boolean applied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    public boolean identityPending() {
        return verification != null && verification.required() && verifiedAt == null;
    }

    public boolean paused() {
        return !pauses.isEmpty() && pauses.get(pauses.size() - 1).to() == null;
    }

    /** Folds one fact in; a fact already applied returns this status unchanged. */
    public RequestStatus apply(CaseFact fact) {
        if (applied(fact.eventId())) {
            return this;
        }
        if (fact instanceof CaseFact.Stated stated) {
            Draft d = new Draft(apply(stated.fact()));
            d.routerDeadline = stated.deadline();
            return d.build();
        }
        Draft d = new Draft(this);
        d.applied.add(fact.eventId());
        if (d.applied.size() > 500) {
            d.applied.remove(0);
        }
        if (fact instanceof CaseFact.Received r) {
            d.statusTokenHash = r.statusTokenHash();
            d.organisationId = r.organisationId();
            d.serviceId = r.serviceId();
            if (r.right() != null) { // null: a mail that named none; a right chosen in triage may have come first
                d.right = r.right();
            }
            d.channel = r.channel();
            d.receivedAt = r.receivedAt();
            d.verification = r.verification();
            d.provisionalDeadline = r.provisionalDeadline();
            d.duplicateOf = r.duplicateOf();
            d.fingerprint = r.fingerprint();
            d.division = r.division();
            d.forwardedBy = r.forwardedByOrganisationId();
            d.step(r.receivedAt(), r.forwardedByOrganisationId() == null ? "We received your request."
                    : "Your request was received by " + StepWords.org(r.forwardedByOrganisationId())
                            + ", which handed it to the organisation responsible.");
        } else if (fact instanceof CaseFact.VerificationRequested v) {
            d.step(v.at(), v.method() == Verification.DOCUMENTARY
                ? "We need evidence of your identity before we can start. The organisation will tell you what it accepts."
                : "We sent a code to your email address to confirm it is you.");
        } else if (fact instanceof CaseFact.IdentityVerified v) {
            d.verifiedAt = v.verifiedAt();
            d.step(v.verifiedAt(), "Your identity was confirmed. The time limit runs from this point.");
        } else if (fact instanceof CaseFact.ControllerResolved c) {
            d.controllerId = c.controllerId();
            d.triage = false;
            if (c.right() != null) {
                d.right = c.right();
            }
            if (c.division() != null) {
                d.division = c.division();
            }
            d.step(c.at(), "We found the organisation responsible for your data: " + StepWords.org(c.controllerId()) + ".");
        } else if (fact instanceof CaseFact.TriageRequired t) {
            d.triage = true;
            d.step(t.at(), "A member of staff is checking which organisation is responsible for your data.");
        } else if (fact instanceof CaseFact.Forwarded f) {
            d.forwardedTo = f.toOrganisationId();
            d.step(f.at(), "Your request was passed to " + StepWords.org(f.toOrganisationId())
                    + ", which decides about your data. Its time limit still counts from when you first asked.");
        } else if (fact instanceof CaseFact.CaseOpened c) {
            d.controllerId = c.controllerId();
            if (c.division() != null) {
                d.division = c.division();
            }
            d.clockStartsAt = c.clockStartsAt();
            d.statutoryDeadline = c.statutoryDeadline();
            d.awaitingDecision = c.awaitingDecision();
            d.step(c.at(), "Your case is open. The organisation must answer by " + StepWords.date(c.statutoryDeadline()) + ".");
        } else if (fact instanceof CaseFact.Accepted a) {
            d.accepted = true;
            d.awaitingDecision = false;
            d.step(a.at(), "The organisation accepted your request and is working on it.");
        } else if (fact instanceof CaseFact.Refused r) {
            d.refusalReason = r.reason();
            d.awaitingDecision = false;
            d.step(r.at(), "The organisation refused your request: " + r.reason()
                    + " You can complain to the Information Commissioner's Office (ico.org.uk).");
        } else if (fact instanceof CaseFact.ClockPaused p) {
            d.pauses.add(new Pause(p.pausedAt(), null, p.reason()));
            d.step(p.pausedAt(), "The organisation asked you to clarify your request. The time limit is paused "
                    + "until you reply.");
        } else if (fact instanceof CaseFact.ClockResumed r) {
            if (!d.pauses.isEmpty() && d.pauses.get(d.pauses.size() - 1).to() == null) {
                Pause open = d.pauses.remove(d.pauses.size() - 1);
                d.pauses.add(new Pause(open.from(), r.resumedAt(), open.reason()));
            }
            d.step(r.resumedAt(), "Your clarification arrived. The time limit runs again.");
        } else if (fact instanceof CaseFact.DeadlineExtended e) {
            d.extendedDeadline = e.newDeadline();
            d.extensionReason = e.reason();
            d.step(e.at(), "The organisation extended the time limit to " + StepWords.date(e.newDeadline()) + ": " + e.reason());
        } else if (fact instanceof CaseFact.Planned p) {
            for (Task task : p.tasks()) {
                if (d.tasks.stream().noneMatch(t -> t.taskId().equals(task.taskId()))) {
                    d.tasks.add(task);
                }
            }
            d.exemptions.clear();
            d.exemptions.addAll(p.exemptions());
            d.signposts.clear();
            d.signposts.addAll(p.signposts());
            d.step(p.at(), "The organisation planned " + Counted.of(p.tasks().size(), "step") + " to carry out your request.");
        } else if (fact instanceof CaseFact.TaskRetrying t) {
            d.task(t.taskId(), t.systemId(), null, TaskState.RETRYING, null);
        } else if (fact instanceof CaseFact.TaskDone t) {
            d.task(t.taskId(), t.systemId(), t.action(),
                t.subjectFound() ? TaskState.DONE : TaskState.NOT_FOUND, t.summary());
        } else if (fact instanceof CaseFact.TaskFailed t) {
            d.task(t.taskId(), t.systemId(), t.action(), TaskState.FAILED, null);
        } else if (fact instanceof CaseFact.TaskCancelled t) {
            d.task(t.taskId(), t.systemId(), t.action(), t.stopped() ? TaskState.CANCELLED : TaskState.NOT_CANCELLED, t.outcome());
        } else if (fact instanceof CaseFact.TaskWaiting t) {
            d.task(t.taskId(), t.systemId(), t.action(), TaskState.WAITING_FOR_PERSON, null);
        } else if (fact instanceof CaseFact.ReadyToAnswer r) {
            d.readySummary = r.summary();
            d.step(r.at(), "Every step is done. The organisation is preparing its answer to you.");
        } else if (fact instanceof CaseFact.Closed c) {
            d.closedOutcome = c.outcome();
            d.closedSummary = c.summary();
            d.step(c.at(), ("withdrawn".equalsIgnoreCase(c.outcome().trim()) ? "Your request was withdrawn: "
                    : "Your request is closed: ") + c.summary());
        } else if (fact instanceof CaseFact.PackageReady p) {
            d.accessPackageId = p.packageId();
            d.accessPackageExpiresAt = p.expiresAt();
            d.step(p.at(), "Your data is ready to download.");
        }
        return d.build();
    }

    /** Mutable copy used only while folding one fact. */
    private static final class Draft {
        final String requestId;
        String statusTokenHash, organisationId, serviceId, duplicateOf, fingerprint, forwardedBy, controllerId,
                forwardedTo, refusalReason, extensionReason, readySummary, closedOutcome, closedSummary,
                accessPackageId;
        RightType right;
        Channel channel;
        Instant receivedAt, verifiedAt, clockStartsAt, accessPackageExpiresAt;
        Verification verification;
        LocalDate provisionalDeadline, statutoryDeadline, extendedDeadline;
        UkDivision division;
        boolean triage, awaitingDecision, accepted;
        RouterDeadline routerDeadline;
        final List<Pause> pauses;
        final List<Task> tasks;
        final List<String> exemptions;
        final List<Signpost> signposts;
        final List<Step> history;
        final List<String> applied;

        Draft(RequestStatus s) {
            requestId = s.requestId;
            statusTokenHash = s.statusTokenHash;
            organisationId = s.organisationId;
            serviceId = s.serviceId;
            right = s.right;
            channel = s.channel;
            receivedAt = s.receivedAt;
            verification = s.verification;
            verifiedAt = s.verifiedAt;
            provisionalDeadline = s.provisionalDeadline;
            duplicateOf = s.duplicateOf;
            fingerprint = s.fingerprint;
            division = s.division;
            forwardedBy = s.forwardedByOrganisationId;
            controllerId = s.controllerId;
            triage = s.triage;
            forwardedTo = s.forwardedTo;
            clockStartsAt = s.clockStartsAt;
            statutoryDeadline = s.statutoryDeadline;
            awaitingDecision = s.awaitingDecision;
            accepted = s.accepted;
            refusalReason = s.refusalReason;
            pauses = new ArrayList<>(s.pauses);
            extendedDeadline = s.extendedDeadline;
            extensionReason = s.extensionReason;
            tasks = new ArrayList<>(s.tasks);
            exemptions = new ArrayList<>(s.exemptions);
            signposts = new ArrayList<>(s.signposts);
            readySummary = s.readySummary;
            closedOutcome = s.closedOutcome;
            closedSummary = s.closedSummary;
            accessPackageId = s.accessPackageId;
            accessPackageExpiresAt = s.accessPackageExpiresAt;
            history = new ArrayList<>(s.history);
            applied = new ArrayList<>(s.appliedEventIds);
            routerDeadline = s.routerDeadline;
        }

        void step(Instant at, String words) {
            history.add(new Step(at, words));
        }

        void task(String taskId, String systemId, String action, TaskState state, String summary) {
            for (int i = 0; i < tasks.size(); i++) {
                Task t = tasks.get(i);
                if (t.taskId().equals(taskId)) {
                    tasks.set(i, new Task(taskId, t.systemId(), action != null ? action : t.action(), state,
                            summary != null ? summary : t.summary()));
                    return;
                }
            }
            tasks.add(new Task(taskId, systemId, action, state, summary));
        }

        RequestStatus build() {
            return new RequestStatus(requestId, statusTokenHash, organisationId, serviceId, right, channel, receivedAt,
                    verification, verifiedAt, provisionalDeadline, duplicateOf, fingerprint, division, forwardedBy,
                    controllerId, triage, forwardedTo, clockStartsAt, statutoryDeadline, awaitingDecision, accepted,
                    refusalReason, pauses, extendedDeadline, extensionReason, tasks, exemptions, signposts,
                    readySummary, closedOutcome, closedSummary, accessPackageId, accessPackageExpiresAt, history,
                    applied, routerDeadline);
        }
    }
}
