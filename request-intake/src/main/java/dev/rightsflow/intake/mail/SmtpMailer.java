package dev.rightsflow.intake.mail;

import java.nio.charset.StandardCharsets;

import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import dev.rightsflow.intake.mail.application.Mailer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Mail through an SMTP server with Spring's mail support, when {@code spring.mail.host} is set.
 * Sending blocks, so it runs on the bounded-elastic scheduler, off the event loop. Every mail says it was sent by a
 * machine ({@code Auto-Submitted: auto-generated}, RFC 3834), so an auto-responder does not answer it (and an
 * organisation's inbound mailbox, should it receive such an answer, does not acknowledge it).
 */
public class SmtpMailer implements Mailer {

    private final JavaMailSender sender;
    private final String from;

    public SmtpMailer(JavaMailSender sender, String from) {
        this.sender = sender;
        this.from = from;
    }

    @Override
    public Mono<Void> send(String requestId, String to, String subject, String text) {
        return Mono.fromRunnable(() -> sender.send(message -> {
            MimeMessageHelper mail = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            mail.setFrom(from);
            mail.setTo(to);
            mail.setSubject(subject);
            mail.setText(text);
            message.setHeader("Auto-Submitted", "auto-generated");
        })).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
