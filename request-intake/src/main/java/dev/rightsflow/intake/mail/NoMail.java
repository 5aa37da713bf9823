package dev.rightsflow.intake.mail;

import dev.rightsflow.intake.mail.application.Mailer;
import reactor.core.publisher.Mono;

/**
 * The mailer of an installation that declared it sends no codes ({@code rightsflow.intake.email-codes=false}).
 * Submissions that would need a code are refused before anything is published, so {@link #send} is
 * never reached in normal operation.
 */
public final class NoMail implements Mailer {

    @Override
    public Mono<Void> send(String requestId, String to, String subject, String text) {
        return Mono.error(new IllegalStateException("this installation sends no mail (rightsflow.intake.email-codes=false)"));
    }

    @Override
    public boolean delivers() {
        return false;
    }
}
