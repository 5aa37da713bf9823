package dev.rightsflow.auditlog.cases.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;

/**
 * What the case index keeps of one case, before the registry and the bank-holiday list are applied: everything a
 * {@link CaseKey} is worked out from ({@link #key}), and nothing else. The case store keeps it beside each case it
 * saves, so the index is loaded at start from these few fields rather than from every whole case (issue 9), and a
 * live fold puts the same facts ({@link #of}): a loaded key and a folded one are one computation.
 *
 * <p>Only the due date and the division depend on more than the case: the controller's registry division (for a case
 * that names none) and, for a date worked out from the case's facts, the bank holidays. The rest is the case's own.
 *
 * @param format         {@link #FORMAT} when written; facts of another format are worked out again from the case
 * @param controllerId   whose registry division counts when the case names none
 * @param division       the case's own division ({@link CaseFile#division}), as written
 * @param dueStated      the router stated the due date ({@link CaseDeadline#dueStated}): {@code statedDue} is it
 * @param statedDue      the stated due date; null while the clock is stopped, or when not stated
 * @param dueFromFacts   what the due date is worked out from when the router did not state it and a date is worked
 *                       out here ({@link CaseDeadline#dueFromFacts}); null otherwise
 * @param provisional    neither receipt nor clock start is known
 * @param clockRunning   the clock runs: receipt or clock start known and no identity awaited
 * @param answeredOn     the day it was closed, or of its last event; compared with the due date
 * @see CaseKey
 */
public record CaseKeyFacts(int format, String requestId, String right, CaseStatus status, List<String> organisations,
        List<String> processors, String controllerId, String division, boolean dueStated, LocalDate statedDue,
        DueFacts dueFromFacts, boolean provisional, boolean clockRunning, LocalDate riskDate, String week,
        List<String> failing, boolean answered, LocalDate answeredOn, Long daysToClose, String stamp) {

    /** The format written now; raise it whenever what these facts hold or mean changes. */
    public static final int FORMAT = 1;

    /**
     * The facts a due date is worked out from ({@link CaseDeadline#facts}), the division aside.
     *
     * @param identityVerified the day identity was verified, when it was asked for; null otherwise
     */
    public record DueFacts(LocalDate received, LocalDate identityVerified, List<CasePause> pauses, boolean extended) {

        public DueFacts {
            pauses = pauses == null ? List.of() : List.copyOf(pauses);
        }
    }

    public CaseKeyFacts {
        organisations = organisations == null ? List.of() : List.copyOf(organisations);
        processors = processors == null ? List.of() : List.copyOf(processors);
        failing = failing == null ? List.of() : List.copyOf(failing);
    }

    /** The case's facts as they now stand. */
    public static CaseKeyFacts of(CaseFile file) {
        boolean open = file.status.open();
        boolean provisional = file.receivedAt == null && file.clockStartsAt == null;
        LocalDate riskDate = null;
        List<String> failing = new ArrayList<>();
        for (CaseTask t : file.tasks) {
            if (open && !t.state.done() && file.routerSaysAtRisk(t)
                    && (riskDate == null || t.lastSafeDispatch.isBefore(riskDate))) {
                riskDate = t.lastSafeDispatch;
            }
            if (t.attempts > 0 || t.state == TaskState.FAILED) {
                failing.add(t.connector == null ? t.systemId : t.connector);
            }
        }
        boolean answered = !open && (file.closedAt != null || file.status == CaseStatus.REFUSED);
        LocalDate received = CaseFile.ukDate(file.receivedAt);
        Long daysToClose = answered && received != null && file.closedAt != null
                ? ChronoUnit.DAYS.between(received, CaseFile.ukDate(file.closedAt)) : null;
        String week = received == null ? null : received.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                + String.format("%02d", received.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        boolean dueStated = CaseDeadline.dueStated(file);
        return new CaseKeyFacts(FORMAT, file.requestId, file.right, file.status, List.copyOf(file.organisations()),
                List.copyOf(file.processorIds), file.controllerId, file.division, dueStated,
                dueStated ? file.routerClock.statutoryDue() : null,
                CaseDeadline.dueFromFacts(file) ? CaseDeadline.dueFacts(file) : null, provisional,
                !provisional && !CaseDeadline.identityAwaited(file), riskDate, week, failing, answered,
                CaseFile.ukDate(file.closedAt != null ? file.closedAt : file.lastEventAt), daysToClose,
                file.seenEventIds.isEmpty() ? null : file.seenEventIds.get(file.seenEventIds.size() - 1));
    }

    public boolean open() {
        return status.open();
    }

    /**
     * The key, once the due date and the division are known.
     *
     * @param due              the date days left count to; null: no clock
     * @param division         the UK division whose working days count for "at risk"
     * @param registryDivision the division came from the controller's registry entry
     */
    public CaseKey key(LocalDate due, String division, boolean registryDivision) {
        boolean open = open();
        return new CaseKey(requestId, right, status, organisations, processors, due, division,
                provisional ? open : open && status != CaseStatus.READY_TO_ANSWER, clockRunning && open && due != null,
                riskDate, registryDivision, week, failing, answered,
                answered && due != null && answeredOn != null && !answeredOn.isAfter(due), daysToClose, stamp);
    }
}
