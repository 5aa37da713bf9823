package dev.rightsflow.auditlog.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;

/**
 * The words staff read where a case has no statutory date, and codes shown in words. Found by hand on the
 * standalone: a case waiting for proof of identity read "clock stopped (awaiting clarification)", although
 * nobody had asked for a clarification (its clock had not started: Art 12A, it runs from confirmation), and the
 * timeline read "division: England and wales", "channel: Api".
 */
class DashboardWordsTest {

    private static DeadlinePosition noDate(boolean paused, LocalDate clockStart, String warning) {
        return new DeadlinePosition("ENGLAND_AND_WALES", clockStart, null, null, List.of(), paused, false, false, null,
                null, false, List.of(), warning);
    }

    @Test
    void aCaseWaitingForProofOfIdentityHasNotStartedItsClock() {
        CaseFile file = CaseFile.of("r-1");
        file.status = CaseStatus.AWAITING_IDENTITY;

        assertThat(CaseWords.noDue(file, noDate(false, null, null), true))
                .isEqualTo("clock not started (waiting for proof of identity)");
        assertThat(CaseWords.noDue(file, noDate(false, null, null), false)).isEqualTo("clock not started");
    }

    @Test
    void aCasePausedForClarificationHasItsClockStopped() {
        CaseFile file = CaseFile.of("r-2");
        file.status = CaseStatus.PAUSED;

        assertThat(CaseWords.noDue(file, noDate(true, LocalDate.of(2026, 12, 2), null), true))
                .isEqualTo("clock stopped (awaiting clarification)");
        assertThat(CaseWords.noDue(file, noDate(true, LocalDate.of(2026, 12, 2), null), false)).isEqualTo("clock stopped");
    }

    @Test
    void aDateTheRouterHasNotStatedYetIsBeingWorkedOut() {
        CaseFile file = CaseFile.of("r-3");
        file.status = CaseStatus.AWAITING_DECISION;

        assertThat(CaseWords.noDue(file, noDate(false, null, CaseDeadline.BEING_WORKED_OUT), true))
                .isEqualTo("being worked out");
    }

    @Test
    void codesReadAsWordsKeepNamesAndAbbreviationsAsWritten() {
        assertThat(Labels.words("PROCESSOR_API")).isEqualTo("Processor API");
        assertThat(Labels.words("API")).isEqualTo("API");
        assertThat(Labels.words("OPENDSR")).isEqualTo("OpenDSR");
        assertThat(Labels.words("IN_PERSON")).isEqualTo("In person");
        assertThat(Labels.words("--")).isEmpty();
        assertThat(Labels.division("ENGLAND_AND_WALES")).isEqualTo("England and Wales");
    }

    @Test
    void aTimelineEntrysDetailsNameTheDivisionAndTheIdentityCheckInWords() {
        var payload = new java.util.LinkedHashMap<String, Object>();
        payload.put("division", "ENGLAND_AND_WALES");
        payload.put("channel", "API");
        payload.put("verification", "DOCUMENTARY");

        assertThat(CaseWords.details(payload))
                .isEqualTo("division: England and Wales · channel: API · verification: documents checked by staff");
    }
}
