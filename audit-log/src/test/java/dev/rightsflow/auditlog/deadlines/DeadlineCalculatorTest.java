package dev.rightsflow.auditlog.deadlines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.deadlines.application.CalculatedDeadline;
import dev.rightsflow.auditlog.deadlines.application.CalculatorOutcome;
import dev.rightsflow.auditlog.deadlines.application.DeadlineCalculator;
import dev.rightsflow.auditlog.deadlines.application.InvalidParameter;
import dev.rightsflow.auditlog.deadlines.application.OrganisationTargets;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.holidays.UkBankHolidays;

/** The calculator use case without HTTP: how it reads the query and which registry port answers. */
class DeadlineCalculatorTest {

    private static final UkBankHolidays HOLIDAYS = UkBankHolidays.bundled();

    private static OrganisationTargets knows(String id, UkDivision division, ResponseTargetSpec... targets) {
        return new OrganisationTargets() {
            @Override
            public Optional<List<ResponseTargetSpec>> targetsOf(String organisationId) {
                return id.equals(organisationId) ? Optional.of(List.of(targets)) : Optional.empty();
            }

            @Override
            public Optional<UkDivision> divisionOf(String organisationId) {
                return id.equals(organisationId) ? Optional.of(division) : Optional.empty();
            }
        };
    }

    private static DeadlineCalculator calculator(OrganisationTargets... ports) {
        return new DeadlineCalculator(DeadlineEngine.withHolidays(HOLIDAYS), HOLIDAYS, () -> Stream.of(ports));
    }

    @Test
    void theOrganisationsDivisionAppliesWhenNoDivisionIsGiven() {
        // 25% M.E. Group is in Scotland: 30 November 2025 is a Sunday, 1 December St Andrew's Day substitute.
        CalculatorOutcome<CalculatedDeadline> outcome = calculator(knows("me-group-25", UkDivision.SCOTLAND))
                .calculate(Map.of("received", "2025-10-30", "organisation", "me-group-25"));

        assertThat(outcome).isInstanceOfSatisfying(CalculatorOutcome.Answered.class, answered -> {
            CalculatedDeadline deadline = (CalculatedDeadline) answered.answer();
            assertThat(deadline.division()).isEqualTo(UkDivision.SCOTLAND);
            assertThat(deadline.due()).isEqualTo(LocalDate.parse("2025-12-02"));
        });
    }

    @Test
    void anExplicitDivisionWinsOverTheOrganisations() {
        CalculatorOutcome<CalculatedDeadline> outcome = calculator(knows("me-group-25", UkDivision.SCOTLAND))
                .calculate(Map.of("received", "2025-10-30", "organisation", "me-group-25", "division", "england-and-wales"));

        assertThat(((CalculatorOutcome.Answered<CalculatedDeadline>) outcome).answer().due()).isEqualTo(LocalDate.parse("2025-12-01"));
    }

    @Test
    void theFirstRegistryPortThatKnowsTheOrganisationAnswers() {
        OrganisationTargets stored = knows("empower", UkDivision.ENGLAND_AND_WALES, ResponseTargetSpec.organisation(5, 20));
        OrganisationTargets topic = knows("empower", UkDivision.ENGLAND_AND_WALES, ResponseTargetSpec.LGPD);
        OrganisationTargets other = knows("rip", UkDivision.ENGLAND_AND_WALES);

        CalculatedDeadline deadline = ((CalculatorOutcome.Answered<CalculatedDeadline>) calculator(other, stored, topic)
                .calculate(Map.of("received", "2025-09-01", "organisation", "empower"))).answer();

        assertThat(deadline.targets()).extracting(t -> t.regime()).containsOnly(ResponseTargetSpec.ORGANISATION_REGIME);
    }

    @Test
    void anOrganisationIdThatCannotBeARegistryIdIsRejectedWithoutAskingTheRegistry() {
        CalculatorOutcome<CalculatedDeadline> outcome = calculator().calculate(
                Map.of("received", "2025-09-01", "division", "scotland", "organisation", "<script>"));

        assertThat(((CalculatorOutcome.Rejected<CalculatedDeadline>) outcome).invalid())
                .extracting(InvalidParameter::parameter).containsExactly("organisation");
    }

    @Test
    void clarificationAskedBeforeTheRequestArrivedIsRejected() {
        CalculatorOutcome<CalculatedDeadline> outcome = calculator().calculate(
                Map.of("received", "2025-09-10", "division", "scotland", "clarificationAsked", "2025-09-01"));

        assertThat(((CalculatorOutcome.Rejected<CalculatedDeadline>) outcome).invalid())
                .extracting(InvalidParameter::parameter).containsExactly("clarificationAsked");
    }
}
