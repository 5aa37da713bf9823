package dev.rightsflow.intake.withdrawal.kafka;

import java.time.Duration;
import java.time.Instant;

import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.intake.withdrawal.application.CancellationCommands;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.CloseCase;
import reactor.core.publisher.Mono;

/** {@link CancellationCommands} as {@code CloseCase} on {@link Topics#CASE_COMMANDS}, keyed by request id. */
public class KafkaCancellationCommands implements CancellationCommands {

    /** The outcome the router and the dashboard read as "the request was withdrawn". */
    static final String WITHDRAWN = "withdrawn";

    private final KafkaTemplate<String, Object> template;

    public KafkaCancellationCommands(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    @Override
    public Mono<Void> cancel(String requestId, String organisationId) {
        return send(requestId, "opendsr-cancellation", new Actor(ActorType.PROCESSOR, organisationId, organisationId),
                "Cancelled by the submitter over OpenDSR (DELETE /requests, OpenDSR 2.0 §9).");
    }

    @Override
    public Mono<Void> withdrawBySubject(String requestId) {
        // The subject is named by role, never by name or email: the command is kept in the audit trail.
        return send(requestId, "subject-withdrawal", new Actor(ActorType.CITIZEN, "subject", null),
                "You withdrew this request; nothing more will be done with it.");
    }

    private Mono<Void> send(String requestId, String kind, Actor actor, String summary) {
        CloseCase command = CloseCase.newBuilder()
                .setEventId(Events.derivedId(kind, requestId))
                .setRequestId(requestId).setOccurredAt(Instant.now())
                .setActor(actor).setOutcome(WITHDRAWN).setSummary(summary)
                .build();
        return Mono.fromFuture(() -> template.send(Topics.CASE_COMMANDS, requestId, command))
                .timeout(Duration.ofSeconds(20)).then();
    }
}
