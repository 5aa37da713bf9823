package dev.rightsflow.intake.web;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.intake.application.Mailer;
import dev.rightsflow.intake.kafka.IntakeProjection;
import dev.rightsflow.intake.mail.OutboxMailer;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Intake's own operational pages: the demo outbox, the embedded demo's stand-in for email (404
 * unless {@code rightsflow.intake.demo-outbox=true} and no SMTP is configured, because it shows
 * addresses and codes), and the on-demand rebuild of intake's views.
 */
@RestController
public class OutboxPage {

    private final Mailer mailer;
    private final HtmlTemplates html;
    private final IntakeProjection projection;

    public OutboxPage(@Qualifier("intakeMailer") Mailer mailer, HtmlTemplates html, IntakeProjection projection) {
        this.mailer = mailer;
        this.html = html;
        this.projection = projection;
    }

    @GetMapping("/intake/outbox")
    public Mono<ResponseEntity<String>> outbox() {
        if (!(mailer instanceof OutboxMailer outbox)) {
            return Mono.just(html.page(404, "no-outbox", Map.of("title", "Not found")));
        }
        return outbox.latest(50).map(messages -> html.page(200, "outbox",
                Map.of("title", "Demo outbox (stand-in for email)", "messages", messages)));
    }

    @Operation(summary = "Rebuild intake's views from the topics",
            description = "Clears the registry view and the request-status projection and replays REGISTRY, REQUESTS, CASES and TASK_RESULTS.")
    @PostMapping("/intake/rebuild")
    public Mono<Map<String, Object>> rebuild() {
        return Mono.fromCallable(() -> projection.rebuild(true)).subscribeOn(Schedulers.boundedElastic())
                .map(events -> Map.of("replayedEvents", events));
    }
}
