package dev.rightsflow.auditlog.cases.model;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the case list, its filters, its order and the dashboard's figures need of one case, worked
 * out once when the case changes ({@link CaseKeyFacts#key}) and valid on any day: the date its days left count to, and which
 * of "overdue" and "at risk" it can become. The day-dependent answers ({@link #overdue},
 * {@link #atRisk}, {@link #urgency}) are then a comparison with today, giving exactly what
 * {@link CaseFile} and {@link DeadlinePosition} give on that day (the dashboard's full scan).
 *
 * @param due             the date days left count to ({@link DeadlinePosition#statutoryDue()}); null: no clock
 * @param division        the UK division whose working days count for "at risk"
 * @param overdueEligible overdue once today is after {@code due}
 * @param dueRiskEligible at risk once three working days or fewer are left to {@code due}
 * @param riskDate        the earliest last safe dispatch date of an open case's unfinished task the router said is at
 *                        risk ({@link CaseFile#tasksAtRisk}; at risk from then)
 * @param registryDivision the division came from the controller's registry entry, not the case (re-keyed when it changes)
 * @param week            the ISO week of receipt ({@code 2026-W36}), null when unknown
 * @param failing         the connector (or system) of each task that failed or was retried
 * @param answered        closed or refused
 * @param answeredOnTime  answered on or before {@code due}
 * @param daysToClose     calendar days from receipt to closing; null unless closed with a receipt date
 * @param stamp           the last event folded into the case (a re-key only replaces a key of the same case state)
 */
public record CaseKey(String requestId, String right, CaseStatus status, List<String> organisations,
        List<String> processors, LocalDate due, String division, boolean overdueEligible, boolean dueRiskEligible,
        LocalDate riskDate, boolean registryDivision, String week, List<String> failing, boolean answered,
        boolean answeredOnTime, Long daysToClose, String stamp) {

    /** Fewest days left first, cases without a date last, then by request id: the order inside each urgency. */
    public static final Comparator<CaseKey> BY_DUE = Comparator
            .comparing(CaseKey::due, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(CaseKey::requestId);
    /** Earliest last safe dispatch date first. */
    public static final Comparator<CaseKey> BY_RISK_DATE = Comparator.comparing(CaseKey::riskDate)
            .thenComparing(CaseKey::requestId);

    public boolean open() {
        return status.open();
    }

    /** The right as filters compare it (case-insensitive). */
    public String rightKey() {
        return right == null ? "" : right.toUpperCase(Locale.ROOT);
    }

    public Long daysLeft(LocalDate today) {
        return due == null ? null : ChronoUnit.DAYS.between(today, due);
    }

    public boolean overdue(LocalDate today) {
        return overdueEligible && due != null && today.isAfter(due);
    }

    /**
     * @param riskLimit the fourth working day after today in this key's {@link #division}: three working
     *                  days or fewer are left to a due date before it
     */
    public boolean atRisk(LocalDate today, LocalDate riskLimit) {
        return (riskDate != null && !today.isBefore(riskDate)) || (dueRiskEligible && due.isBefore(riskLimit));
    }

    /** 0 overdue, 1 at risk, 2 the rest: the case list's first sort key. */
    public int urgency(LocalDate today, LocalDate riskLimit) {
        return overdue(today) ? 0 : atRisk(today, riskLimit) ? 1 : 2;
    }
}
