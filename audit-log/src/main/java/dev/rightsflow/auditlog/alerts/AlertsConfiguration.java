package dev.rightsflow.auditlog.alerts;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mail.javamail.JavaMailSender;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.alerts.application.AlertNotifications;
import dev.rightsflow.auditlog.alerts.application.AlertNotifier;
import dev.rightsflow.auditlog.alerts.application.AlertPublisher;
import dev.rightsflow.auditlog.alerts.application.AlertScanner;
import dev.rightsflow.auditlog.alerts.http.EmailNotifier;
import dev.rightsflow.auditlog.alerts.http.WebhookNotifier;
import dev.rightsflow.auditlog.alerts.kafka.KafkaAlertPublisher;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.registry.RegistryView;

/**
 * Wires the alerts feature: its use cases (plain Java, {@code alerts.application}) and their ports' adapters, built
 * here too: alerts are published by {@code alerts.kafka.KafkaAlertPublisher} and sent by the notifiers of
 * {@code alerts.http}.
 */
@Configuration(proxyBeanMethods = false)
public class AlertsConfiguration {

    @Bean
    public KafkaAlertPublisher auditLogAlertPublisher(
            @Qualifier("auditLogKafkaTemplate") KafkaTemplate<String, Object> kafka) {
        return new KafkaAlertPublisher(kafka);
    }

    /** The notifiers, in this order, are the {@code List<AlertNotifier>} of {@link AlertNotifications}. */
    @Bean
    public EmailNotifier auditLogEmailNotifier(ObjectProvider<JavaMailSender> mail, AuditLogProperties properties) {
        return new EmailNotifier(mail, properties);
    }

    @Bean
    public WebhookNotifier auditLogWebhookNotifier(AuditLogProperties properties) {
        return new WebhookNotifier(properties);
    }

    @Bean
    public AlertNotifications auditLogAlertNotifications(RegistryView registry, List<AlertNotifier> notifiers,
            AuditLogProperties properties) {
        return new AlertNotifications(registry, notifiers, properties);
    }

    @Bean
    public AlertScanner auditLogAlertScanner(CaseQueries cases, @Qualifier("auditLogCaseDeadline") CaseDeadline deadlines,
            @Qualifier("auditLogAlertPublisher") AlertPublisher publisher, @Qualifier("auditLogClock") Clock clock,
            AuditLogProperties properties) {
        return new AlertScanner(cases, deadlines, publisher, clock, properties);
    }
}
