package dev.rightsflow.router.cases.model;

import java.time.Instant;
import java.time.LocalDate;

import dev.rightsflow.router.registry.model.Division;

/**
 * What the case's own steps ({@link CaseSteps}) ask of the deadline engine beyond the commands' rules
 * ({@link CaseDeadlines}): the case's statutory deadline and clock start as they stand, a forwarded request's
 * deadline from its receipt, and the organisation's own target. Implemented by the application's
 * {@code DeadlineCalendar}.
 */
public interface CaseCalendar extends CaseDeadlines {

    /**
     * The statutory due date of the case as it stands (pauses and extension included); null while the clock is
     * stopped. Beyond the years gov.uk has published it is computed from the rules (provisional).
     */
    LocalDate statutoryDue(CaseState c);

    /** The day the case's clock starts: receipt, or identity verification when later (Art 12(6)). */
    LocalDate clockStart(CaseState c);

    /** The statutory due date of a request received at {@code receivedAt}, from receipt alone. */
    LocalDate dueFromReceipt(Division division, Instant receivedAt);

    /** The organisation's own target: {@code workingDays} working days from the clock start; null for null days. */
    LocalDate organisationTarget(Division division, LocalDate clockStart, Integer workingDays);

    /** Working days inside the case's ended clarification pauses (the organisation's target moves by them). */
    int pausedWorkingDays(CaseState c);
}
