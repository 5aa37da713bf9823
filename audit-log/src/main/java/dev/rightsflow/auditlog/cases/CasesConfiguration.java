package dev.rightsflow.auditlog.cases;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.application.CaseProjection;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseStore;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;

/**
 * Wires the cases feature's use cases (plain Java, {@code cases.application}) to their ports' adapters: the store is
 * {@code cases.mongo.MongoCaseStore}, live changes go to {@code dashboard.web.LiveCaseChanges}.
 */
@Configuration(proxyBeanMethods = false)
public class CasesConfiguration {

    @Bean
    public CaseIndex auditLogCaseIndex(@Qualifier("auditLogCaseDeadline") CaseDeadline deadlines, RegistryView registry,
            CaseStore store, @Qualifier("auditLogDeadlinesBankHolidays") RefreshableBankHolidays holidays) {
        return new CaseIndex(deadlines, registry, store, holidays);
    }

    @Bean
    public CaseProjection auditLogCaseProjection(CaseStore store, CaseIndex index) {
        return new CaseProjection(store, index);
    }

    @Bean
    public CaseQueries auditLogCaseQueries(CaseStore store, CaseIndex index,
            @Qualifier("auditLogCaseDeadline") CaseDeadline deadlines, RegistryView registry,
            @Qualifier("auditLogClock") Clock clock) {
        return new CaseQueries(store, index, deadlines, registry, clock);
    }
}
