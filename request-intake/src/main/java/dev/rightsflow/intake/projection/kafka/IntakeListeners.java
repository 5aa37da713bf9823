package dev.rightsflow.intake.projection.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeConfiguration;
import dev.rightsflow.intake.shared.application.BatchWritten;
import dev.rightsflow.intake.verification.application.CodeStore;
import dev.rightsflow.intake.submission.application.DuplicateRegister;
import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.opendsr.application.OpenDsrStatus;
import dev.rightsflow.intake.logged.application.OriginalStore;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.verification.application.VerifyIdentity;
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

    /**
     * The citizen status, a poll's records at a time (a batch listener of the shared start-up,
     * {@link ProjectionState#configureBatch}): folded in bulk by {@link IntakeProjection#onFlowEvents}, with the
     * outcome of folding them one at a time in order. Live, a run stops after each event whose request may have
     * OpenDSR status callbacks, which are told from the status as it stood then; an erasure is handled in its place,
     * one at a time. An event that cannot be folded stops the batch there: those before it are written and count as
     * handled, and it is retried and dead-lettered as a record listener's would be.
     */
    @KafkaListener(id = STATUS_LISTENER, topics = {Topics.REQUESTS, Topics.CASES, Topics.TASK_RESULTS},
            containerFactory = RequestIntakeConfiguration.STATUS_LISTENER_FACTORY,
            groupId = RequestIntakeConfiguration.STATUS_GROUP)
    public void onFlowEvents(List<ConsumerRecord<String, SpecificRecord>> records) {
        int i = 0;
        while (i < records.size()) {
            ConsumerRecord<String, SpecificRecord> record = records.get(i);
            if (record.value() == null) {
                throw ProjectionState.failedAt(record, ProjectionState.undecodable(record));
            }
            if (record.value() instanceof PersonalDataErased) {
                try {
                    onFlowEvent(record.value());
                } catch (RuntimeException e) {
                    throw ProjectionState.failedAt(record, e);
                }
                i++;
                continue;
            }
            int end = i;
            while (end < records.size() && records.get(end).value() != null
                    && !(records.get(end).value() instanceof PersonalDataErased)) {
                end++;
            }
            List<SpecificRecord> run = records.subList(i, end).stream().map(ConsumerRecord::value).toList();
            boolean live = !state.catchingUp();
            BatchWritten<Boolean> folded = projection.onFlowEvents(run, live);
            for (int k = 0; k < folded.done(); k++) {
                if (folded.results().get(k)) {
                    try {
                        statusChanged(run.get(k), live);
                    } catch (RuntimeException e) {
                        throw ProjectionState.failedAt(records.get(i + k), e);
                    }
                }
            }
            if (folded.failure() != null) {
                throw ProjectionState.failedAt(records.get(i + folded.done()), folded.failure());
            }
            i += folded.done();
        }
    }

    /** One event of the flow, as the batch would fold it alone. */
    void onFlowEvent(SpecificRecord event) {
        if (event instanceof PersonalDataErased erased) {
            forget(erased.getRequestId());
        }
        if (projection.onFlowEvent(event)) {
            statusChanged(event, !state.catchingUp());
        }
    }

    private void statusChanged(SpecificRecord event, boolean live) {
        if (live) {
            openDsr.onStatusChanged(Events.requestId(event)).block(Duration.ofSeconds(30));
        } else {
            startup.deferStatusChange(Events.requestId(event));
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
