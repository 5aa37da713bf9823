package dev.rightsflow.router.cases.model;

import dev.rightsflow.router.registry.model.Organisation;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What the case model asks of the deadline engine (implemented by the application's
 * {@code DeadlineCalendar}): the UK day of an instant, whether and to when the case's
 * deadline may be extended (Art 12(3)), and the case's deadline as it stands ({@link CaseClock}),
 * which the router alone works out and publishes on its case events. The case's own steps ask more
 * ({@link CaseCalendar}).
 */
public interface CaseDeadlines {

    /** The UK (Europe/London) date of {@code instant}. */
    LocalDate ukDay(Instant instant);

    /** Whether an extension asked on {@code day} is lawful: only while inside the first month. */
    boolean extensionAllowed(CaseState c, LocalDate day);

    /** The statutory deadline of the case once extended. */
    LocalDate extendedDeadline(CaseState c);

    /**
     * The case's status and deadline as they stand now, with the organisation's own targets
     * ({@code targets} may be null: none known).
     */
    CaseClock clock(CaseState c, Organisation.Targets targets);
}
