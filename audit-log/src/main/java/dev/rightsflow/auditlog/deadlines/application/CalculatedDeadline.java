package dev.rightsflow.auditlog.deadlines.application;

import java.time.LocalDate;
import java.util.List;

import dev.rightsflow.deadline.DeadlineStep;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.TargetDeadline;
import dev.rightsflow.deadline.UkDivision;

/**
 * The calculator's answer.
 *
 * @param division           the UK division whose bank holidays applied
 * @param received           the day of receipt
 * @param clockStart         the day the clock started
 * @param due                the statutory due date; {@code null} while a clarification is awaited
 * @param paused             whether a clarification is awaited (the due date is then not known)
 * @param pausedDays         calendar days added for clarification pauses
 * @param extended           whether the due date includes the Art 12(3) extension
 * @param extensionNoticeBy  the last day to tell the requester of an extension (end of month one);
 *                           {@code null} while paused
 * @param dueIfExtended      what the due date would be with an extension (the "what if"); null
 *                           when already extended or paused
 * @param steps              how the statutory date was reached
 * @param organisation       the organisation asked about, or {@code null}
 * @param targets            the organisation's own and other regimes' targets
 * @param holidays           where the bank holidays came from and which years they cover
 * @param provisional        whether {@code due} rests on bank holidays gov.uk has not published
 *                           (computed from the rules; it may move when the list arrives)
 * @param provisionalReason  why, in words; null when not provisional
 */
public record CalculatedDeadline(
        UkDivision division,
        LocalDate received,
        LocalDate clockStart,
        LocalDate due,
        boolean paused,
        long pausedDays,
        boolean extended,
        LocalDate extensionNoticeBy,
        LocalDate dueIfExtended,
        List<DeadlineStep> steps,
        String organisation,
        List<TargetDeadline> targets,
        String holidays,
        boolean provisional,
        String provisionalReason) {

    static CalculatedDeadline of(UkDivision division, LocalDate received, StatutoryDeadline statutory,
            StatutoryDeadline monthOne, StatutoryDeadline ifExtended, String organisation,
            List<TargetDeadline> targets, String holidays) {
        return new CalculatedDeadline(division, received, statutory.clockStart(), statutory.due(), statutory.paused(),
                statutory.pausedDays(), statutory.extended(), monthOne.due(),
                ifExtended == null ? null : ifExtended.due(), statutory.steps(), organisation, targets, holidays,
                statutory.provisional(), statutory.provisionalReason());
    }
}
