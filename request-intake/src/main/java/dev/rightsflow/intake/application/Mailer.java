package dev.rightsflow.intake.application;

import reactor.core.publisher.Mono;

/**
 * The mail port: SMTP when {@code spring.mail.host} is set, the demo outbox page when explicitly
 * enabled, or none (see {@code mail.MailChoice}).
 */
public interface Mailer {

    Mono<Void> send(String to, String subject, String text);

    /** False when this installation sends no mail, so requests needing an emailed code are refused. */
    default boolean delivers() {
        return true;
    }
}
