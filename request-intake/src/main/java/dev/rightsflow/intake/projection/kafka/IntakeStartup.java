package dev.rightsflow.intake.projection.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.intake.opendsr.application.OpenDsrStatus;
import dev.rightsflow.intake.verification.application.VerifyIdentity;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.ConfirmIdentity;
import dev.rightsflow.schemas.state.ProjectionState;

/**
 * Intake's part in the shared start-up ({@link ProjectionState}). While catching up, the
 * listeners fold the registry and the citizen status and only note the effects they owe: OpenDSR
 * status callbacks for the requests whose status changed, and staff identity confirmations to
 * turn into {@code IdentityVerified}. Once caught up those run, each idempotent (a callback is
 * sent once per status, a confirmation publishes once), so an effect is never lost to a restart
 * and never doubled by one.
 */
public class IntakeStartup implements ProjectionState.Hooks {

    /** Intake's listener containers. */
    public static final List<String> LISTENERS = List.of(IntakeListeners.REGISTRY_LISTENER,
            IntakeListeners.STATUS_LISTENER, IntakeListeners.COMMANDS_LISTENER);

    /** The version of intake's projection format: a change rebuilds it from the topics. */
    public static final int FORMAT = 3;

    private static final Logger log = LoggerFactory.getLogger(IntakeStartup.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final IntakeProjection projection;
    private final OpenDsrStatus openDsr;
    private final VerifyIdentity verification;
    private final Set<String> statusChanged = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<ConfirmIdentity> confirmations = new ConcurrentLinkedQueue<>();

    public IntakeStartup(IntakeProjection projection, OpenDsrStatus openDsr, VerifyIdentity verification) {
        this.projection = projection;
        this.openDsr = openDsr;
        this.verification = verification;
    }

    @Override
    public void clear() {
        projection.clear();
        statusChanged.clear();
        confirmations.clear();
    }

    void deferStatusChange(String requestId) {
        statusChanged.add(requestId);
    }

    void deferConfirmation(ConfirmIdentity confirm) {
        confirmations.add(confirm);
    }

    @Override
    public void caughtUp() {
        for (ConfirmIdentity confirm; (confirm = confirmations.poll()) != null;) {
            confirm(verification, confirm);
        }
        int callbacks = 0;
        for (String requestId : List.copyOf(statusChanged)) {
            openDsr.onStatusChanged(requestId).block(WAIT);
            statusChanged.remove(requestId);
            callbacks++;
        }
        if (callbacks > 0) {
            log.info("intake: status callbacks checked for {} request(s) that changed while it was catching up", callbacks);
        }
    }

    /** Staff confirmed documentary identity evidence: publishes {@code IdentityVerified} once (Art 12(6), 12A). */
    static void confirm(VerifyIdentity verification, ConfirmIdentity confirm) {
        var actor = Events.actor(confirm);
        verification.confirmByStaff(confirm.getRequestId(), confirm.getOccurredAt(), confirm.getEvidence(),
                actor == null ? "staff" : actor.getId(), actor == null ? null : actor.getOrganisationId())
                .block(WAIT);
    }
}
