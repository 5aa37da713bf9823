package dev.rightsflow.intake.mail.application;

import reactor.core.publisher.Mono;

/**
 * The mail port: SMTP when {@code spring.mail.host} is set, the demo outbox page when explicitly
 * enabled, or none (see {@code mail.MailChoice}).
 */
public interface Mailer {

    /** Sends one message about request {@code requestId} (which a mailer that keeps messages files them under). */
    Mono<Void> send(String requestId, String to, String subject, String text);

    /**
     * Drops whatever this mailer keeps of the messages about {@code requestId}, once its retention period has ended
     * ({@code PersonalDataErased}). Only the demo outbox keeps messages; a mail sent through SMTP is out of reach.
     */
    default Mono<Void> forget(String requestId) {
        return Mono.empty();
    }

    /** False when this installation sends no mail, so requests needing an emailed code are refused. */
    default boolean delivers() {
        return true;
    }
}
