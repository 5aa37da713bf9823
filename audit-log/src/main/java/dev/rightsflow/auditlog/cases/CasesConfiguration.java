package dev.rightsflow.auditlog.cases;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.application.CaseProjection;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseStore;
import dev.rightsflow.auditlog.cases.metrics.OpenCaseMetrics;
import dev.rightsflow.auditlog.cases.mongo.MongoCaseStore;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;

/**
 * Wires the cases feature: its use cases (plain Java, {@code cases.application}), the store
 * ({@code cases.mongo.MongoCaseStore}) and the open-case gauges ({@code cases.metrics.OpenCaseMetrics}); live changes
 * go to {@code dashboard.web.LiveCaseChanges}.
 */
@Configuration(proxyBeanMethods = false)
public class CasesConfiguration {

    @Bean
    public MongoCaseStore auditLogMongoCaseStore(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
        return new MongoCaseStore(database);
    }

    @Bean
    public OpenCaseMetrics auditLogOpenCaseMetrics(CaseIndex index, @Qualifier("auditLogClock") Clock clock) {
        return new OpenCaseMetrics(index, clock);
    }

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
