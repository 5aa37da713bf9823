package dev.rightsflow.intake.kafka;

import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeConfiguration;
import dev.rightsflow.intake.application.CodeStore;
import dev.rightsflow.intake.application.OpenDsrStatus;
import dev.rightsflow.intake.application.VerifyIdentity;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ConfirmIdentity;
import dev.rightsflow.schemas.avro.PersonalDataErased;
import dev.rightsflow.schemas.state.ProjectionState;

/**
 * Intake's listeners: the one way its views are built, for history and live events alike
 * ({@link ProjectionState}). Side effects (OpenDSR status callbacks, {@code IdentityVerified}
 * after staff confirmation) happen live; while intake catches up they are deferred to
 * {@link IntakeStartup#caughtUp()}.
 */
@Component
public class IntakeListeners {

    public static final String REGISTRY_LISTENER = "intake-registry";
    public static final String STATUS_LISTENER = "intake-status";
    public static final String COMMANDS_LISTENER = "intake-commands";

    private final IntakeProjection projection;
    private final VerifyIdentity verification;
    private final OpenDsrStatus openDsr;
    private final IntakeStartup startup;
    private final ProjectionState state;
    private final CodeStore codes;

    public IntakeListeners(IntakeProjection projection, VerifyIdentity verification, OpenDsrStatus openDsr,
            IntakeStartup startup, @Qualifier("intakeProjectionState") ProjectionState state, CodeStore codes) {
        this.codes = codes;
        this.projection = projection;
        this.verification = verification;
        this.openDsr = openDsr;
        this.startup = startup;
        this.state = state;
    }

    @KafkaListener(id = REGISTRY_LISTENER, topics = Topics.REGISTRY, containerFactory = RequestIntakeConfiguration.LISTENER_FACTORY,
            groupId = RequestIntakeConfiguration.GROUP + "-registry")
    public void on(SpecificRecord event) {
        projection.onRegistry(event);
    }

    @KafkaListener(id = STATUS_LISTENER, topics = {Topics.REQUESTS, Topics.CASES, Topics.TASK_RESULTS},
            containerFactory = RequestIntakeConfiguration.LISTENER_FACTORY, groupId = RequestIntakeConfiguration.GROUP + "-status")
    public void onFlowEvent(SpecificRecord event) {
        if (event instanceof PersonalDataErased erased) {
            // the request's retention ended: the address its identity code went to goes too
            codes.delete(erased.getRequestId()).block(Duration.ofSeconds(30));
        }
        if (projection.onFlowEvent(event)) {
            if (state.catchingUp()) {
                startup.deferStatusChange(Events.requestId(event));
            } else {
                openDsr.onStatusChanged(Events.requestId(event)).block(Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Staff confirmed documentary identity evidence (Art 12(6)): publishes {@code IdentityVerified}
     * once, with the moment of confirmation, which starts the clock (Art 12A).
     */
    @KafkaListener(id = COMMANDS_LISTENER, topics = Topics.CASE_COMMANDS, containerFactory = RequestIntakeConfiguration.LISTENER_FACTORY,
            groupId = RequestIntakeConfiguration.GROUP + "-commands")
    public void onCommand(SpecificRecord command) {
        if (command instanceof ConfirmIdentity confirm) {
            if (state.catchingUp()) {
                startup.deferConfirmation(confirm);
            } else {
                IntakeStartup.confirm(verification, confirm);
            }
        }
    }
}
