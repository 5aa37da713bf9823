package dev.rightsflow.auditlog.deadlines;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.deadlines.application.DeadlineCalculator;
import dev.rightsflow.auditlog.deadlines.application.OrganisationTargets;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.auditlog.deadlines.kafka.ProvisionalDeadlineAlerts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.HolidayDiscrepancy;
import dev.rightsflow.deadline.holidays.HolidaySourceSettings;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
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
     * The bank holidays of every audit-log deadline (case projection, alerts, calculator), from
     * the one source every service follows ({@code rightsflow.holidays.*}: the shipped gov.uk
     * snapshot, a refresh file re-read when it changes, an optional scheduled fetch). The gov.uk
     * list is authoritative; jollyday cross-checks it at start and on every refresh, and any
     * disagreement is logged as a warning with the dates (no personal data is involved).
     */
    @Bean(defaultCandidate = false)
    public RefreshableBankHolidays auditLogDeadlinesBankHolidays(Environment environment, DeadlineSettings settings) {
        HolidaySourceSettings source = Binder.get(environment).bindOrCreate("rightsflow.holidays", HolidaySourceSettings.class);
        if (source.file().isEmpty() && !settings.holidaysFile().isBlank()) {
            log.warn("rightsflow.audit-log.deadlines.holidays-file is deprecated: set rightsflow.holidays.file, read by every service");
            source = new HolidaySourceSettings(settings.holidaysFile(), source.url(), source.checkEvery(), source.fetchEvery());
        }
        RefreshableBankHolidays holidays = RefreshableBankHolidays.open(source);
        crossCheck(holidays.current());
        holidays.onChange(change -> crossCheck(change.after()));
        return holidays.start();
    }

    private static void crossCheck(UkBankHolidays holidays) {
        List<HolidayDiscrepancy> differences = holidays.crossCheck();
        if (differences.isEmpty()) {
            log.info("Bank holidays from {} agree with jollyday for every covered year", holidays.govUk().source());
        } else {
            differences.forEach(d -> log.warn("Bank holiday sources disagree: {} {} gov.uk={} jollyday={}",
                    d.division(), d.date(), d.govUkTitle(), d.jollydayTitle()));
        }
    }

    /**
     * The calculator reads organisations' targets and divisions from audit-log's one registry view
     * ({@code auditLogRegistryView}, fed by the flow listener from the REGISTRY topic, stored and
     * rebuilt with the other projections): the same view the case projection and the alerts use, so
     * the calculator and the case page can never disagree about an organisation.
     */
    @Bean
    public DeadlineCalculator auditLogDeadlinesCalculator(
            @Qualifier("auditLogDeadlinesBankHolidays") RefreshableBankHolidays auditLogDeadlinesBankHolidays,
            @Qualifier("auditLogRegistryView") RegistryView auditLogRegistryView) {
        // the registry view as the calculator's port (the registry knows nothing of the calculator)
        OrganisationTargets registry = new OrganisationTargets() {
            @Override
            public Optional<List<ResponseTargetSpec>> targetsOf(String organisationId) {
                return auditLogRegistryView.targetsOf(organisationId);
            }

            @Override
            public Optional<UkDivision> divisionOf(String organisationId) {
                return auditLogRegistryView.divisionOf(organisationId);
            }
        };
        return new DeadlineCalculator(DeadlineEngine.withHolidays(auditLogDeadlinesBankHolidays),
                auditLogDeadlinesBankHolidays, () -> Stream.of(registry));
    }

    /** Alerts staff when a refreshed list moves a provisional deadline ({@code PROVISIONAL_DEADLINE_MOVED}). */
    @Bean
    public ProvisionalDeadlineAlerts auditLogDeadlinesProvisionalAlerts(
            @Qualifier("auditLogDeadlinesBankHolidays") RefreshableBankHolidays auditLogDeadlinesBankHolidays,
            CaseQueries cases, @Qualifier("auditLogKafkaTemplate") KafkaTemplate<String, Object> kafka,
            @Qualifier("auditLogClock") Clock clock) {
        return new ProvisionalDeadlineAlerts(auditLogDeadlinesBankHolidays, cases, kafka, clock);
    }
}
