package dev.rightsflow.intake.mail;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

import dev.rightsflow.intake.application.Mailer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Mail through an SMTP server with Spring's mail support, when {@code spring.mail.host} is set.
 * Sending blocks, so it runs on the bounded-elastic scheduler, off the event loop.
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
        return Mono.fromRunnable(() -> {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(to);
            message.setSubject(subject);
            message.setText(text);
            sender.send(message);
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
