package dev.rightsflow.intake.mail.web;

import dev.rightsflow.intake.shared.web.HtmlTemplates;
import dev.rightsflow.intake.projection.web.IntakeOperations;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.mail.OutboxMailer;
import reactor.core.publisher.Mono;

/**
 * Intake's own operational pages: the demo outbox, the embedded demo's stand-in for email (404
 * unless {@code rightsflow.intake.demo-outbox=true} and no SMTP is configured, because it shows
 * addresses and codes) (the on-demand rebuild is {@link IntakeOperations}).
 */
@RestController
public class OutboxPage {

    private final Mailer mailer;
    private final HtmlTemplates html;

    public OutboxPage(@Qualifier("intakeMailer") Mailer mailer, HtmlTemplates html) {
        this.mailer = mailer;
        this.html = html;
    }

    @GetMapping("/intake/outbox")
    public Mono<ResponseEntity<String>> outbox() {
        if (!(mailer instanceof OutboxMailer outbox)) {
            return Mono.just(html.page(404, "no-outbox", Map.of("title", "Not found")));
        }
        return outbox.latest(50).map(messages -> html.page(200, "outbox",
                Map.of("title", "Demo outbox (stand-in for email)", "messages", messages)));
    }
}
