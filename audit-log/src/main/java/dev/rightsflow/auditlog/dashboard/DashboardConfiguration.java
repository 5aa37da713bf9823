package dev.rightsflow.auditlog.dashboard;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.dashboard.application.CommandPublisher;
import dev.rightsflow.auditlog.dashboard.application.DashboardStats;
import dev.rightsflow.auditlog.dashboard.application.StaffActions;
import dev.rightsflow.auditlog.dashboard.kafka.KafkaCommandPublisher;
import dev.rightsflow.auditlog.registry.RegistryView;

/**
 * Wires the dashboard's use cases (plain Java, {@code dashboard.application}) to their ports' adapters: staff
 * commands are published by {@code dashboard.kafka.KafkaCommandPublisher}, built here; the pages and the API
 * ({@code dashboard.web}) adapt the use cases to Reactor.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

    @Bean
    public KafkaCommandPublisher auditLogCommandPublisher(
            @Qualifier("auditLogKafkaTemplate") KafkaTemplate<String, Object> kafka) {
        return new KafkaCommandPublisher(kafka);
    }

    @Bean
    public StaffActions auditLogStaffActions(CaseQueries cases, RegistryView registry,
            @Qualifier("auditLogCommandPublisher") CommandPublisher commands, @Qualifier("auditLogClock") Clock clock) {
        return new StaffActions(cases, registry, commands, clock);
    }

    @Bean
    public DashboardStats auditLogDashboardStats(CaseQueries cases) {
        return new DashboardStats(cases);
    }
}
