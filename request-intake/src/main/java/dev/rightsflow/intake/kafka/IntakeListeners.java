package dev.rightsflow.intake.kafka;

import java.time.Duration;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeConfiguration;
import dev.rightsflow.intake.application.CodeStore;
import dev.rightsflow.intake.application.DuplicateRegister;
import dev.rightsflow.intake.application.Mailer;
import dev.rightsflow.intake.application.OpenDsrStatus;
import dev.rightsflow.intake.application.OriginalStore;
import dev.rightsflow.intake.application.StatusStore;
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
    private final Mailer mailer;
    private final StatusStore statuses;
    private final DuplicateRegister duplicates;
    private final OriginalStore originals;

    public IntakeListeners(IntakeProjection projection, VerifyIdentity verification, OpenDsrStatus openDsr,
            IntakeStartup startup, @Qualifier("intakeProjectionState") ProjectionState state, CodeStore codes,
            @Qualifier("intakeMailer") Mailer mailer, StatusStore statuses, DuplicateRegister duplicates,
            OriginalStore originals) {
        this.originals = originals;
        this.codes = codes;
        this.mailer = mailer;
        this.statuses = statuses;
        this.duplicates = duplicates;
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
            forget(erased.getRequestId());
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
     * The request's retention ended: what intake keeps of its requester goes too. The address its identity code
     * went to, the demo outbox's messages to them, and its duplicate fingerprints (a hash of their email) in the
     * status view and the duplicate register, and the original staff logged (the letter, the email); the duplicate
     * link, request ids only, stays.
     */
    private void forget(String requestId) {
        codes.delete(requestId).then(mailer.forget(requestId)).then(statuses.forgetFingerprint(requestId))
                .then(duplicates.forgetRequest(requestId)).then(originals.delete(requestId)).block(Duration.ofSeconds(30));
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
