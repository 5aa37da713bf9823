package dev.rightsflow.auditlog.alerts.http;

import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.alerts.application.AlertNotifier;
import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.registry.Organisation;

/**
 * Emails an alert to the organisation's {@code alertEmail} through Spring's {@link JavaMailSender},
 * which exists when {@code spring.mail.host} is set; without a mail server configured, email
 * alerts are skipped (the dashboard and webhook still carry them).
 */
public class EmailNotifier implements AlertNotifier {

    private final ObjectProvider<JavaMailSender> mail;
    private final AuditLogProperties properties;

    public EmailNotifier(ObjectProvider<JavaMailSender> mail, AuditLogProperties properties) {
        this.mail = mail;
        this.properties = properties;
    }

    @Override
    public CompletableFuture<Void> notify(Organisation organisation, AlertDue alert, String caseUrl) {
        return send(organisation, alert, caseUrl).toFuture();
    }

    private Mono<Void> send(Organisation organisation, AlertDue alert, String caseUrl) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null || organisation.alertEmail() == null || organisation.alertEmail().isBlank()) {
            return Mono.empty();
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.alertEmailFrom());
        message.setTo(organisation.alertEmail());
        message.setSubject("Rightsflow deadline alert: " + alert.kind() + " for request " + alert.requestId());
        message.setText("Request " + alert.requestId() + ": " + alert.kind() + ", due " + alert.dueDate()
                + (alert.taskId() == null ? "" : ", task " + alert.taskId()) + ".\n\nOpen the case: " + caseUrl + "\n");
        return Mono.fromRunnable(() -> sender.send(message)).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
