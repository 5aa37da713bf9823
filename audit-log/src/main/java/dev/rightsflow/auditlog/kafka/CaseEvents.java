package dev.rightsflow.auditlog.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseExemption;
import dev.rightsflow.auditlog.cases.model.CaseSignpost;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.RouterDeadline;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.avro.*;

/** Translates events into their effect on a case (model methods) and registry events into organisations. */
final class CaseEvents {

    private CaseEvents() {
    }

    /**
     * The event's effect on its case, or empty when it does not change the projection (commands, audit); a
     * router case event's effect includes the status and deadline it carries ({@code clock}).
     */
    static Optional<Consumer<CaseFile>> effect(SpecificRecord event) {
        Optional<Consumer<CaseFile>> effect = factEffect(event);
        Optional<CaseClock> clock = CaseClocks.of(event);
        if (effect.isEmpty() || clock.isEmpty()) {
            return effect;
        }
        RouterDeadline deadline = routerDeadline(clock.get());
        return Optional.of(effect.get().andThen(f -> f.onRouterClock(deadline)));
    }

    /** The contract's {@code CaseClock} in the case file's terms. */
    static RouterDeadline routerDeadline(CaseClock c) {
        return new RouterDeadline(c.getStatus(), c.getClockStart(), c.getStatutoryDue(), c.getMonthOneDue(),
                c.getPaused(), c.getExtended(), c.getSteps(), c.getProvisionalReason(), c.getTargets().stream()
                        .map(t -> new RouterDeadline.Target(t.getRegime(), t.getKind(), t.getDue())).toList(),
                c.getAllowedActions());
    }

    private static Optional<Consumer<CaseFile>> factEffect(SpecificRecord event) {
        if (event instanceof RequestReceived e) {
            // only a consent withdrawal's words are kept: staff map them to purposes in triage (Art 7(3))
            return Optional.of(f -> {
                f.onReceived(e.getRight().name(), e.getChannel().name(),
                        e.getOrganisationId(), e.getServiceId(), e.getReceivedAt(), e.getVerification().name(),
                        e.getProvisionalDeadline(), e.getForwardedBy() == null ? null
                                : e.getForwardedBy().getFromOrganisationId(),
                        e.getDuplicateOf());
                if (e.getRight() == dev.rightsflow.schemas.avro.Right.CONSENT_WITHDRAWAL) {
                    f.onConsentWithdrawalWords(e.getDetails().getDescription(), e.getDetails().getConsentPurposes());
                }
            });
        }
        if (event instanceof dev.rightsflow.schemas.avro.PersonalDataErased) {
            return Optional.of(f -> f.onConsentWithdrawalWords(null, List.of()));
        }
        if (event instanceof IdentityVerificationRequested e) {
            return Optional.of(f -> f.onIdentityVerificationRequested());
        }
        if (event instanceof IdentityVerified e) {
            return Optional.of(f -> f.onIdentityVerified(e.getVerifiedAt()));
        }
        if (event instanceof ControllerResolved e) {
            return Optional.of(f -> {
                f.onControllerResolved(e.getControllerId(), e.getServiceId(),
                        e.getReceivingOrganisationId(), e.getReceiverIsProcessor(), e.getRule(), e.getDivision().name());
                if (e.getRight() != null && e.getRight() != dev.rightsflow.schemas.avro.Right.UNKNOWN) {
                    f.right = e.getRight().name(); // chosen in triage for a request that arrived without one (a mail)
                }
            });
        }
        if (event instanceof TriageRequired e) {
            return Optional.of(f -> f.onTriageRequired(e.getReason(), e.getCandidateControllerIds()));
        }
        if (event instanceof RequestForwarded e) {
            // from v2 it carries the router's clock for the forwarded request (applied by effect, as for the other
            // router case events); a v1 event without one leaves the deadline to CaseDeadline's fallback
            return Optional.of(f -> f.onForwarded(e.getHop().getFromOrganisationId(),
                    e.getHop().getToOrganisationId(), e.getMode()));
        }
        if (event instanceof CaseOpened e) {
            return Optional.of(f -> f.onCaseOpened(e.getControllerId(), e.getDivision().name(), e.getReceivedAt(),
                    e.getClockStartsAt(), e.getStatutoryDeadline(), e.getAwaitingDecision()));
        }
        if (event instanceof RequestAccepted e) {
            return Optional.of(f -> f.onAccepted(e.getOccurredAt()));
        }
        if (event instanceof RequestRefused e) {
            return Optional.of(f -> f.onRefused(e.getGround(), e.getReason()));
        }
        if (event instanceof ClockPaused e) {
            return Optional.of(f -> f.onPaused(e.getPausedAt(), e.getReason()));
        }
        if (event instanceof ClockResumed e) {
            return Optional.of(f -> f.onResumed(e.getResumedAt()));
        }
        if (event instanceof DeadlineExtended e) {
            return Optional.of(f -> f.onExtended(e.getReason(), e.getNewDeadline(), e.getOccurredAt()));
        }
        if (event instanceof CasePlanned e) {
            return Optional.of(f -> f.onPlanned(planned(e.getTasks()), e.getExemptions().stream()
                    .map(x -> new CaseExemption(x.getSystemId(), x.getDataCategory(), x.getLegalBasis(), x.getExplanation()))
                    .toList(), e.getSignposts().stream()
                    .map(x -> new CaseSignpost(x.getOrganisationName(), x.getExplanation(), x.getContact())).toList()));
        }
        if (event instanceof TaskDispatched e) {
            return Optional.of(f -> f.onTaskDispatched(e.getTaskId(), e.getSystemId(), e.getAction().name(),
                    e.getConnector(), e.getLastSafeDispatch()));
        }
        if (event instanceof TaskAttemptFailed e) {
            return Optional.of(f -> f.onTaskAttemptFailed(e.getTaskId(), e.getSystemId(), e.getAttempt(),
                    e.getReason()));
        }
        if (event instanceof TaskCompleted e) {
            return Optional.of(f -> f.onTaskCompleted(e.getTaskId(), e.getSystemId(), e.getAction().name(),
                    e.getSubjectFound(), e.getRecordsAffected()));
        }
        if (event instanceof TaskFailed e) {
            return Optional.of(f -> f.onTaskFailed(e.getTaskId(), e.getSystemId(), e.getAction().name(),
                    e.getReason(), e.getAttempts()));
        }
        if (event instanceof TaskNeedsPerson e) {
            return Optional.of(f -> f.onTaskNeedsPerson(e.getTaskId(), e.getSystemId(), e.getAction().name(),
                    e.getInstructions()));
        }
        if (event instanceof TaskCancelled e) {
            return Optional.of(f -> f.onTaskCancelled(e.getTaskId(), e.getSystemId(), e.getAction().name(),
                    "cancelled: " + e.getReason()));
        }
        if (event instanceof TaskCancellationRecorded e) {
            return Optional.of(f -> f.onTaskCancelled(e.getTaskId(), e.getSystemId(), e.getAction().name(), e.getOutcome()));
        }
        if (event instanceof CaseReadyToAnswer e) {
            return Optional.of(f -> f.onReadyToAnswer(e.getOccurredAt()));
        }
        if (event instanceof CaseClosed e) {
            return Optional.of(f -> f.onClosed(e.getOccurredAt(), e.getOutcome()));
        }
        if (event instanceof CommandRejected e) {
            return Optional.of(f -> f.onCommandRejected(e.getCommand(), e.getReason(), e.getOccurredAt()));
        }
        if (event instanceof DeadlineAlertRaised e) {
            return Optional.of(f -> f.onAlertRaised(e.getKind(), e.getDueDate(), e.getTaskId()));
        }
        return Optional.empty();
    }

    private static List<CaseTask> planned(List<PlannedTask> tasks) {
        List<CaseTask> out = new ArrayList<>();
        for (PlannedTask p : tasks) {
            CaseTask t = new CaseTask();
            t.taskId = p.getTaskId();
            t.systemId = p.getSystemId();
            t.action = p.getAction().name();
            t.connector = p.getConnector();
            t.lastSafeDispatch = p.getLastSafeDispatch();
            out.add(t);
        }
        return out;
    }

    static Organisation organisation(OrganisationPublished e) {
        List<Organisation.Service> services = e.getServices().stream()
                .map(s -> new Organisation.Service(s.getServiceId(), s.getName(), s.getControllerId(),
                        List.copyOf(s.getProcessorIds())))
                .toList();
        List<ResponseTargetSpec> targets = new ArrayList<>();
        for (ResponseTarget t : e.getTargets()) {
            try {
                targets.add(new ResponseTargetSpec(t.getRegime(), t.getAcknowledgeWorkingDays(),
                        t.getRespondWorkingDays(), t.getRespondCalendarDays(), t.getExtensionCalendarDays()));
            } catch (IllegalArgumentException invalid) {
                // a target the engine cannot use is left out rather than stopping the registry view
            }
        }
        return new Organisation(e.getOrganisationId(), e.getVersion(), e.getName(), e.getDivision().name(), services,
                targets, e.getAlertEmail(), e.getAlertWebhook(), e.getConsentPurposes().stream()
                        .map(p -> new Organisation.ConsentPurpose(p.getPurposeId(), p.getName())).toList(),
                systemNames(e.getDocument()));
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /** The names of the systems the registry entry lists ({@code systems[].id/name}); none when it cannot be read. */
    static java.util.Map<String, String> systemNames(String document) {
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        if (document == null || document.isBlank()) {
            return names;
        }
        try {
            for (tools.jackson.databind.JsonNode system : JSON.readTree(document).path("systems")) {
                String id = system.path("id").asString(null);
                String name = system.path("name").asString(null);
                if (id != null && name != null && !name.isBlank()) {
                    names.put(id, name);
                }
            }
        } catch (tools.jackson.core.JacksonException unreadable) {
            // the names are a courtesy: without them the dashboard shows the systems' ids
        }
        return names;
    }
}
