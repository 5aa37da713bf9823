package dev.rightsflow.auditlog.deadlines;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.rightsflow.auditlog.deadlines.application.DeadlineCalculator;
import dev.rightsflow.auditlog.deadlines.application.OrganisationTargets;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.GovUkBankHolidays;
import dev.rightsflow.deadline.holidays.HolidayDiscrepancy;
import dev.rightsflow.deadline.holidays.UkBankHolidays;

/**
 * Wiring of the deadline calculator. Picked up by audit-log's component scan; every bean is
 * named {@code auditLogDeadlines...} so nothing clashes in the standalone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadlineSettings.class)
public class DeadlinesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeadlinesConfiguration.class);

    /**
     * The bank holidays: the gov.uk list (snapshot, or the refreshed file when configured) is
     * authoritative; jollyday cross-checks it at start, and any disagreement is logged as a
     * warning with the dates (no personal data is involved).
     */
    @Bean
    public UkBankHolidays auditLogDeadlinesBankHolidays(DeadlineSettings settings) {
        GovUkBankHolidays govUk = settings.holidaysFile().isBlank()
                ? GovUkBankHolidays.snapshot()
                : GovUkBankHolidays.fromFile(Path.of(settings.holidaysFile()));
        UkBankHolidays holidays = new UkBankHolidays(govUk, settings.libraryFillThroughYear());
        List<HolidayDiscrepancy> differences = holidays.crossCheck();
        if (differences.isEmpty()) {
            log.info("Bank holidays from {} agree with jollyday for every covered year", govUk.source());
        } else {
            differences.forEach(d -> log.warn("Bank holiday sources disagree: {} {} gov.uk={} jollyday={}",
                    d.division(), d.date(), d.govUkTitle(), d.jollydayTitle()));
        }
        return holidays;
    }

    /**
     * The calculator reads organisations' targets and divisions from audit-log's one registry view
     * ({@code auditLogRegistryView}, fed by the flow listener from the REGISTRY topic, stored and
     * rebuilt with the other projections): the same view the case projection and the alerts use, so
     * the calculator and the case page can never disagree about an organisation.
     */
    @Bean
    public DeadlineCalculator auditLogDeadlinesCalculator(UkBankHolidays auditLogDeadlinesBankHolidays,
            @Qualifier("auditLogRegistryView") OrganisationTargets auditLogRegistryView) {
        return new DeadlineCalculator(DeadlineEngine.withHolidays(auditLogDeadlinesBankHolidays),
                auditLogDeadlinesBankHolidays, () -> Stream.of(auditLogRegistryView));
    }
}
