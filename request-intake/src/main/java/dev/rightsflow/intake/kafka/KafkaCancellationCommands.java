package dev.rightsflow.intake.kafka;

import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.application.CancellationCommands;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.CloseCase;
import reactor.core.publisher.Mono;

/** {@link CancellationCommands} as {@code CloseCase} on {@link Topics#CASE_COMMANDS}, keyed by request id. */
@Component
public class KafkaCancellationCommands implements CancellationCommands {

    private final KafkaTemplate<String, Object> template;

    public KafkaCancellationCommands(@Qualifier("intakeKafkaTemplate") KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    @Override
    public Mono<Void> cancel(String requestId, String organisationId) {
        CloseCase command = CloseCase.newBuilder()
                .setEventId(Events.derivedId("opendsr-cancellation", requestId))
                .setRequestId(requestId).setOccurredAt(Instant.now())
                .setActor(new Actor(ActorType.PROCESSOR, organisationId, organisationId))
                .setOutcome("withdrawn")
                .setSummary("Cancelled by the submitter over OpenDSR (DELETE /requests, OpenDSR 2.0 §9).")
                .build();
        return Mono.fromFuture(() -> template.send(Topics.CASE_COMMANDS, requestId, command))
                .timeout(Duration.ofSeconds(20)).then();
    }
}
