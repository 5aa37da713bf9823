package dev.rightsflow.intake.status.model;

import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.registry.model.OwnTarget;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Verification;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.DeadlineStep;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.PlainWords;

/**
 * What the citizen is told about their request: where it stands (the router's status as its case events state it, in
 * the page's words, {@link State}; intake's own fold only before the case opens), who is responsible, the deadline
 * as it stands (clock start at identity verification, stops for clarification and extension, UK
 * GDPR Arts 12(3) and 12A) and what has been done, in plain words. The deadline is the router's, as
 * its case events state it ({@link RouterDeadline}), provisional date and reason included; it is worked out here
 * only before the case opens ({@link #caseOpened}: the date the receipt gave, "if verified today"). A case opened by
 * events that stated no deadline (written before the router did) says the deadline is being worked out.
 *
 * @param deadline       the statutory deadline as it stands; null while the clock is stopped or not started
 * @param deadlineWords  the deadline in a sentence
 * @param deadlineSteps  how the date was reached, rule by rule
 * @param deadlineProvisionalReason why the deadline is only provisional (it rests on bank holidays
 *                       gov.uk has not published yet, computed from the rules); null otherwise
 * @param ownTarget      the organisation's own, stricter answer-by date, when it has one
 * @param accessPackageUrl where to download the data, once ready
 * @param organisationName  the receiving organisation's name (ids stay in {@code organisationId}, {@code controllerId})
 * @param controllerName    the responsible organisation's name, once known
 * @param receivedAtWords   when the request was received, on the UK's clock, in words
 * @param deadlineDateWords the deadline as a date in words ("Monday 4 January 2027")
 * @param ownTargetWords    the organisation's own target as a date in words
 */
public record StatusReport(String requestId, String state, String stateWords, String right, String rightWords,
        String organisationId, String controllerId, Instant receivedAt, String verification, Instant identityVerifiedAt,
        LocalDate deadline, String deadlineWords, List<String> deadlineSteps, boolean paused, boolean extended,
        LocalDate ownTarget, List<TaskLine> tasks, List<String> exemptions, List<RequestStatus.Signpost> signposts,
        String accessPackageUrl, String duplicateOf, List<HistoryLine> history, String deadlineProvisionalReason,
        String organisationName, String controllerName, String receivedAtWords, String deadlineDateWords, String ownTargetWords) {

    /** One task: which system (its id, and its name from the controller's data map), what is done there, how it went. */
    public record TaskLine(String system, String action, String outcome, String systemName) {
        public TaskLine(String system, String action, String outcome) {
            this(system, action, outcome, system);
        }
    }

    /** One step of the history: when (instant, and in words on the UK's clock) and what happened, naming organisations. */
    public record HistoryLine(Instant at, String atWords, String words) {
    }

    /** Names for ids, from intake's view of the registry: organisations by id, and the controller's systems. */
    public record Names(Map<String, Organisation> organisations) {
        public Names {
            organisations = organisations == null ? Map.of() : Map.copyOf(organisations);
        }

        public static Names none() {
            return new Names(Map.of());
        }

        public String organisation(String id) {
            Organisation o = id == null ? null : organisations.get(id);
            return o == null || o.name() == null || o.name().isBlank() ? id : o.name();
        }

        public String system(String controllerId, String systemId) {
            Organisation o = controllerId == null ? null : organisations.get(controllerId);
            return o == null ? systemId : o.systemName(systemId);
        }
    }

    /** The state of a request closed because it was withdrawn (by the subject, by staff, or by the submitter over OpenDSR). */
    public static final String WITHDRAWN = "WITHDRAWN";

    /** Whether the case is still open: it can still be withdrawn. */
    public boolean open() {
        return !"CLOSED".equals(state) && !"REFUSED".equals(state) && !WITHDRAWN.equals(state);
    }

    public static StatusReport of(RequestStatus s, Organisation organisation, DeadlineEngine engine,
            String accessPackageUrl) {
        return of(s, organisation, engine, accessPackageUrl, Names.none());
    }

    /** As above, naming organisations and systems from the registry. */
    public static StatusReport of(RequestStatus s, Organisation organisation, DeadlineEngine engine,
            String accessPackageUrl, Names names) {
        UkDivision division = s.division() != null ? s.division() : UkDivision.ENGLAND_AND_WALES;
        State state = State.asStated(s, names).orElseGet(() -> State.folded(s, names));
        String words = state.words();

        LocalDate deadline = null;
        String provisional = null;
        String deadlineWords;
        List<String> steps = new ArrayList<>();
        RouterDeadline stated = s.routerDeadline();
        if (stated != null) {
            // the router owns the deadline and stated it with its last case event: shown as stated
            deadline = stated.statutoryDue();
            provisional = stated.provisionalReason();
            steps.addAll(stated.steps());
            deadlineWords = stated.paused() ? PAUSED
                    : (stated.extended()
                            ? "Extended to " + PlainWords.date(deadline) + " (UK GDPR Art 12(3)): " + nullToEmpty(s.extensionReason())
                            : "The organisation must answer by " + PlainWords.date(deadline) + ".")
                            + provisionalWords(provisional);
        } else if (s.paused()) {
            deadlineWords = PAUSED;
        } else if (s.identityPending()) {
            deadlineWords = "The time limit starts when your identity is confirmed (UK GDPR Art 12A). If it were confirmed "
                    + "today the answer would be due by " + dueIfVerifiedToday(s, division, engine) + ".";
        } else if (caseOpened(s)) {
            // the router opened the case but stated no deadline with it (events written before it did, see the README)
            deadlineWords = BEING_WORKED_OUT;
        } else {
            // before the case opens: the statutory date as the receipt gave it, from the day of receipt or verification
            StatutoryDeadline computed = engine.statutory(beforeTheCaseOpens(s, division));
            deadline = computed.due();
            provisional = computed.provisionalReason();
            computed.steps().stream().map(DeadlineStep::explanation).forEach(steps::add);
            deadlineWords = "The organisation must answer by " + PlainWords.date(deadline) + "." + provisionalWords(provisional);
        }
        LocalDate ownTarget = null;
        if (stated != null) {
            ownTarget = stated.respondTarget();
        } else if (organisation != null && !s.identityPending() && !caseOpened(s) && s.receivedAt() != null) {
            // before the case opens, as for the statutory date above
            for (OwnTarget target : organisation.targets()) {
                if (target.respondWorkingDays() != null) {
                    ownTarget = engine.dueDateOfOrganisationTarget(division, clockStart(s), target.respondWorkingDays());
                }
            }
        }
        List<TaskLine> tasks = s.tasks().stream()
                .map(t -> new TaskLine(t.systemId(), actionWords(t.action()), outcomeWords(t.state(), t.summary()),
                        names.system(s.controllerId(), t.systemId())))
                .toList();
        List<HistoryLine> history = s.history().stream()
                .map(h -> new HistoryLine(h.at(), PlainWords.dateTime(h.at()), StepWords.render(h.words(), names))).toList();
        return new StatusReport(s.requestId(), state.name(), words, s.right() == null ? null : s.right().name(),
                s.right() == null ? null : s.right().plainWords() + " (UK GDPR " + s.right().source() + ")",
                s.organisationId(), s.controllerId(), s.receivedAt(),
                s.verification() == null ? null : s.verification().name(), s.verifiedAt(), deadline, deadlineWords,
                steps, stated != null ? stated.paused() : s.paused(),
                stated != null ? stated.extended() : s.extendedDeadline() != null, ownTarget, tasks, s.exemptions(), s.signposts(),
                s.accessPackageId() == null ? null : accessPackageUrl, s.duplicateOf(), history, provisional,
                names.organisation(s.organisationId()), s.controllerId() == null ? null : names.organisation(s.controllerId()),
                PlainWords.dateTime(s.receivedAt()), PlainWords.date(deadline), PlainWords.date(ownTarget));
    }

    /**
     * Where the request stands, in the page's vocabulary ({@link #state()}: also the API's and OpenDSR's), and in words.
     * Once the router has opened the case its status is the router's, as its last case event stated it
     * ({@link RouterDeadline#status}); intake decides the state itself only before then (received, identity awaited,
     * in triage, forwarded) and for a case whose router events stated none (history written before they did).
     */
    record State(String name, String words) {

        /**
         * The router's stated status in the page's words: paused while the router states the clock stopped, withdrawn
         * for a case closed as withdrawn; empty when the router stated none, or one this version does not know.
         */
        static java.util.Optional<State> asStated(RequestStatus s, Names names) {
            RouterDeadline stated = s.routerDeadline();
            if (stated == null || stated.status() == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.ofNullable(switch (stated.status()) {
                case "CLOSED" -> closed(s);
                case "REFUSED" -> refused(s);
                case "READY_TO_ANSWER" -> READY;
                case "AWAITING_DECISION" -> stated.paused() ? PAUSED_STATE : AWAITING_DECISION;
                case "IN_PROGRESS" -> stated.paused() ? PAUSED_STATE : IN_PROGRESS;
                case "AWAITING_IDENTITY" -> identityAwaited(s);
                case "TRIAGE" -> triage(s);
                case "FORWARDED_EXTERNALLY" -> forwarded(s, names);
                case "RECEIVED", "FORWARDING" -> RECEIVED;
                default -> null;
            });
        }

        /** Intake's own fold, where the router has stated no status (before the case opens, older history). */
        static State folded(RequestStatus s, Names names) {
            if (s.closedOutcome() != null) {
                return closed(s);
            } else if (s.refusalReason() != null) {
                return refused(s);
            } else if (s.readySummary() != null) {
                return READY;
            } else if (s.paused()) {
                return PAUSED_STATE;
            } else if (s.identityPending()) {
                return identityAwaited(s);
            } else if (s.triage()) {
                return triage(s);
            } else if (s.accepted()) {
                return IN_PROGRESS;
            } else if (s.awaitingDecision()) {
                return AWAITING_DECISION;
            } else if (s.forwardedTo() != null) {
                return forwarded(s, names);
            }
            return RECEIVED;
        }

        static final State READY = new State("READY_TO_ANSWER",
                "Every step is done; the organisation is preparing its answer.");
        static final State PAUSED_STATE = new State("PAUSED", "Waiting for your clarification; the time limit is paused.");
        static final State IN_PROGRESS = new State("IN_PROGRESS", "The organisation is carrying out your request.");
        static final State AWAITING_DECISION = new State("AWAITING_DECISION", "The organisation is reviewing your request.");
        static final State RECEIVED = new State("RECEIVED",
                "Received; we are finding the organisation responsible for your data.");

        private static State closed(RequestStatus s) {
            return s.closedOutcome() != null && "withdrawn".equalsIgnoreCase(s.closedOutcome().trim())
                    ? new State(WITHDRAWN, "Withdrawn. " + nullToEmpty(s.closedSummary()))
                    : new State("CLOSED", "Closed. " + nullToEmpty(s.closedSummary()));
        }

        private static State refused(RequestStatus s) {
            return new State("REFUSED", "Refused: " + nullToEmpty(s.refusalReason()));
        }

        private static State identityAwaited(RequestStatus s) {
            return new State("AWAITING_IDENTITY", s.verification() == Verification.EMAIL_CODE
                    ? "Waiting for you to enter the code we emailed you."
                    : "Waiting for evidence of your identity.");
        }

        private static State triage(RequestStatus s) {
            return new State("IN_TRIAGE", s.right() == RightType.CONSENT_WITHDRAWAL
                    ? "A member of staff is reading your request to match it to the purposes you consented to"
                            + " and the organisation responsible."
                    : "A member of staff is checking which organisation is responsible for your data.");
        }

        private static State forwarded(RequestStatus s, Names names) {
            return s.forwardedTo() == null ? RECEIVED : new State("FORWARDED", "Passed to " + names.organisation(s.forwardedTo())
                    + ", which is responsible for your data.");
        }
    }

    private static final String PAUSED =
            "Paused while the organisation waits for your clarification; the days it waits do not count.";

    /** What the page says once the case is open but the router has not stated its deadline. */
    public static final String BEING_WORKED_OUT = "The deadline is being worked out; it will show here once the"
            + " organisation's case system records the next step of your request.";

    private static String provisionalWords(String provisional) {
        return provisional == null ? ""
                : " This date is provisional: " + provisional + "; it is worked out again when gov.uk publishes the year.";
    }

    /**
     * Whether the router has opened the case (or taken any later step): from then on the deadline is the router's
     * alone, as its case events state it ({@link RequestStatus#routerDeadline}). Before, intake works the statutory
     * date out itself, the same way the receipt did.
     */
    static boolean caseOpened(RequestStatus s) {
        return s.routerDeadline() != null || s.clockStartsAt() != null || s.statutoryDeadline() != null || s.accepted()
                || s.awaitingDecision() || s.refusalReason() != null || !s.pauses().isEmpty() || s.extendedDeadline() != null
                || !s.tasks().isEmpty() || !s.exemptions().isEmpty() || s.readySummary() != null || s.closedOutcome() != null
                || s.accessPackageId() != null;
    }

    /** The statutory clock before the case opens: from the day of receipt, or of verification where it was required. */
    private static ClockFacts beforeTheCaseOpens(RequestStatus s, UkDivision division) {
        return new ClockFacts(division, day(s.receivedAt()), s.verifiedAt() == null ? null : day(s.verifiedAt()), null,
                List.of(), false);
    }

    private static LocalDate clockStart(RequestStatus s) {
        return s.verifiedAt() != null && s.verifiedAt().isAfter(s.receivedAt()) ? day(s.verifiedAt()) : day(s.receivedAt());
    }

    private static String dueIfVerifiedToday(RequestStatus s, UkDivision division, DeadlineEngine engine) {
        StatutoryDeadline ifToday = engine.statutory(ClockFacts.received(division, day(s.receivedAt()))
                .withIdentityVerified(LocalDate.now(UK)));
        return PlainWords.date(ifToday.due()) + (ifToday.provisional() ? " (provisional: " + ifToday.provisionalReason() + ")" : "");
    }

    public static LocalDate day(Instant instant) {
        return instant.atZone(UK).toLocalDate();
    }

    static String actionWords(String action) {
        if (action == null) {
            return "Work on your request";
        }
        return switch (action) {
            case "ERASE" -> "Erase your data";
            case "EXPORT" -> "Collect a copy of your data";
            case "RECTIFY" -> "Correct your data";
            case "RESTRICT" -> "Restrict the use of your data";
            case "SUPPRESS" -> "Stop marketing to you, keeping only what is needed never to contact you again";
            case "WITHDRAW_CONSENT" -> "Record that you withdrew consent";
            case "NOTIFY_RECIPIENT" -> "Tell those who received your data";
            case "FORWARD_TO_CONTROLLER" -> "Pass your request to the organisation responsible";
            default -> "Work on your request";
        };
    }

    static String outcomeWords(RequestStatus.TaskState state, String summary) {
        return switch (state) {
            case PLANNED -> "Not started yet";
            case RETRYING -> "Being retried after a temporary problem";
            case DONE -> summary == null || summary.isBlank() ? "Done" : "Done: " + summary;
            case NOT_FOUND -> "Done: no data about you was found there";
            case FAILED -> "Could not be completed automatically; staff are dealing with it";
            case WAITING_FOR_PERSON -> "Waiting for a member of staff to do it by hand";
            case CANCELLED -> summary == null || summary.isBlank() ? "Cancelled because the request was withdrawn"
                    : "Cancelled because the request was withdrawn: " + summary;
            case NOT_CANCELLED -> "Already sent before the request was withdrawn, and not undone"
                    + (summary == null || summary.isBlank() ? "" : ": " + summary);
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
