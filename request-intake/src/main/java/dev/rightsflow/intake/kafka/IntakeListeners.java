package dev.rightsflow.intake.kafka;

import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeConfiguration;
import dev.rightsflow.intake.application.OpenDsrStatus;
import dev.rightsflow.intake.application.VerifyIdentity;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ConfirmIdentity;

/**
 * Intake's live listeners. Side effects (OpenDSR status callbacks, {@code IdentityVerified} after
 * staff confirmation) happen here and never during replay. They do not start with the context: {@link ProjectionStartup} starts
 * them after the views were rebuilt from the topics when they were empty.
 */
@Component
public class IntakeListeners {

    public static final String REGISTRY_LISTENER = "intake-registry";
    public static final String STATUS_LISTENER = "intake-status";
    public static final String COMMANDS_LISTENER = "intake-commands";

    private final IntakeProjection projection;
    private final VerifyIdentity verification;
    private final OpenDsrStatus openDsr;

    public IntakeListeners(IntakeProjection projection, VerifyIdentity verification, OpenDsrStatus openDsr) {
        this.projection = projection;
        this.verification = verification;
        this.openDsr = openDsr;
    }

    @KafkaListener(id = REGISTRY_LISTENER, topics = Topics.REGISTRY, containerFactory = RequestIntakeConfiguration.LISTENER_FACTORY,
            groupId = RequestIntakeConfiguration.GROUP + "-registry", autoStartup = "false")
    public void on(SpecificRecord event) {
        projection.onRegistry(event);
    }

    @KafkaListener(id = STATUS_LISTENER, topics = {Topics.REQUESTS, Topics.CASES, Topics.TASK_RESULTS},
            containerFactory = RequestIntakeConfiguration.LISTENER_FACTORY, groupId = RequestIntakeConfiguration.GROUP + "-status",
            autoStartup = "false")
    public void onFlowEvent(SpecificRecord event) {
        if (projection.onFlowEvent(event)) {
            openDsr.onStatusChanged(Events.requestId(event)).block(Duration.ofSeconds(30));
        }
    }

    /**
     * Staff confirmed documentary identity evidence (Art 12(6)): publishes {@code IdentityVerified}
     * once, with the moment of confirmation, which starts the clock (Art 12A).
     */
    @KafkaListener(id = COMMANDS_LISTENER, topics = Topics.CASE_COMMANDS, containerFactory = RequestIntakeConfiguration.LISTENER_FACTORY,
            groupId = RequestIntakeConfiguration.GROUP + "-commands", autoStartup = "false")
    public void onCommand(SpecificRecord command) {
        if (command instanceof ConfirmIdentity confirm) {
            var actor = Events.actor(confirm);
            verification.confirmByStaff(confirm.getRequestId(), confirm.getOccurredAt(), confirm.getEvidence(),
                    actor == null ? "staff" : actor.getId(), actor == null ? null : actor.getOrganisationId())
                    .block(Duration.ofSeconds(30));
        }
    }
}
