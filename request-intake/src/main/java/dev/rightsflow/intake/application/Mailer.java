package dev.rightsflow.intake.application;

import reactor.core.publisher.Mono;

/** The mail port: SMTP when {@code spring.mail.host} is set, otherwise the local outbox page. */
public interface Mailer {

    Mono<Void> send(String to, String subject, String text);
}
