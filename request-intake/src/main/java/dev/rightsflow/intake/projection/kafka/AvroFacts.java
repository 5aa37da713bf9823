package dev.rightsflow.intake.projection.kafka;


import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.registry.model.ConsentPurpose;
import dev.rightsflow.intake.request.model.Hashing;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.registry.model.OwnTarget;
import dev.rightsflow.intake.registry.model.ProcessorAuthMethod;
import dev.rightsflow.intake.status.model.RequestStatus;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.status.model.RouterDeadline;
import dev.rightsflow.intake.registry.model.Service;
import dev.rightsflow.intake.request.model.Verification;
import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.avro.AccessPackageReady;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CaseReadyToAnswer;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.IdentityVerificationRequested;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RequestRefused;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCancellationRecorded;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.avro.TriageRequired;
import dev.rightsflow.schemas.privacy.PersonalDataCipher;

/**
 * Translates Avro events into intake's plain model: registry entries into {@link Organisation}s
 * and the flow's events into {@link CaseFact}s. Events intake does not follow map to empty.
 */
final class AvroFacts {

    private AvroFacts() {
    }

    static Organisation organisation(OrganisationPublished o) {
        Map<RightType, Verification> rights = new EnumMap<>(RightType.class);
        o.getRights().forEach(policy -> {
            RightType right = RightType.parse(policy.getRight().name());
            if (right != null) {
                rights.put(right, verification(policy.getVerification().name()));
            }
        });
        RegistryDocument document = RegistryDocument.parse(o.getDocument());
        List<Service> services = o.getServices().stream()
                .map(s -> new Service(s.getServiceId(), s.getName(), s.getControllerId(), s.getProcessorIds(),
                        document.relationships(s.getServiceId()))).toList();
        List<OwnTarget> targets = o.getTargets().stream()
                .map(t -> new OwnTarget(t.getRegime(), t.getAcknowledgeWorkingDays(), t.getRespondWorkingDays())).toList();
        ProcessorAuthMethod auth = switch (o.getProcessorAuth()) {
            case HMAC -> ProcessorAuthMethod.HMAC;
            case BEARER -> ProcessorAuthMethod.BEARER;
            default -> ProcessorAuthMethod.NONE;
        };
        List<ConsentPurpose> purposes = o.getConsentPurposes().stream()
                .map(p -> new ConsentPurpose(p.getPurposeId(), p.getName(), p.getDescription())).toList();
        return new Organisation(o.getOrganisationId(), o.getName(), o.getVersion(), division(o.getDivision()), services,
                rights, auth, targets, purposes, document.mailbox(), document.systemNames(), document.processorSecretRef());
    }

    static UkDivision division(Division division) {
        return division == null || division == Division.UNKNOWN ? null : UkDivision.valueOf(division.name());
    }

    private static Verification verification(String name) {
        return switch (name) {
            case "EMAIL_CODE" -> Verification.EMAIL_CODE;
            case "DOCUMENTARY" -> Verification.DOCUMENTARY;
            default -> Verification.NONE;
        };
    }

    /**
     * The event as intake's fact; a router case event's fact carries the case's status and deadline as the
     * router stated them ({@code clock}), when the event has it.
     *
     * @param registry the division of the addressed organisation, for the deadline before the router decides
     */
    static Optional<CaseFact> fact(SpecificRecord event, java.util.function.Function<String, Optional<Organisation>> registry) {
        Optional<CaseFact> fact = plainFact(event, registry);
        Optional<CaseClock> clock = CaseClocks.of(event);
        return fact.isEmpty() || clock.isEmpty() ? fact
                : Optional.of(new CaseFact.Stated(fact.get(), routerDeadline(clock.get())));
    }

    /** The contract's {@code CaseClock} in intake's terms. */
    static RouterDeadline routerDeadline(CaseClock c) {
        return new RouterDeadline(c.getStatus(), c.getClockStart(), c.getStatutoryDue(), c.getMonthOneDue(),
                c.getPaused(), c.getExtended(), c.getSteps(), c.getProvisionalReason(), c.getTargets().stream()
                        .map(t -> new RouterDeadline.Target(t.getRegime(), t.getKind(), t.getDue())).toList());
    }

    private static Optional<CaseFact> plainFact(SpecificRecord event,
            java.util.function.Function<String, Optional<Organisation>> registry) {
        if (event instanceof RequestReceived r) {
            UkDivision division = registry.apply(r.getOrganisationId()).map(Organisation::division).orElse(null);
            return Optional.of(new CaseFact.Received(r.getEventId(), r.getOccurredAt(), r.getRequestId(),
                    r.getStatusTokenHash(), r.getOrganisationId(), r.getServiceId(), RightType.parse(r.getRight().name()),
                    channel(r.getChannel().name()), r.getReceivedAt(), verification(r.getVerification().name()),
                    r.getProvisionalDeadline(), r.getDuplicateOf(),
                    // none once erased: a blank subject must not make every erased request another's duplicate
                    PersonalDataCipher.blankSubject().equals(r.getSubject()) ? null
                            : Hashing.subjectFingerprint(r.getSubject().getEmail(), r.getSubject().getIdentifiers(),
                                    r.getOrganisationId(), RightType.parse(r.getRight().name())),
                    division, r.getForwardedBy() == null ? null : r.getForwardedBy().getFromOrganisationId()));
        }
        if (event instanceof IdentityVerificationRequested v) {
            return Optional.of(new CaseFact.VerificationRequested(v.getEventId(), v.getOccurredAt(),
                    verification(v.getMethod().name())));
        }
        if (event instanceof IdentityVerified v) {
            return Optional.of(new CaseFact.IdentityVerified(v.getEventId(), v.getOccurredAt(), v.getVerifiedAt()));
        }
        if (event instanceof ControllerResolved c) {
            return Optional.of(new CaseFact.ControllerResolved(c.getEventId(), c.getOccurredAt(), c.getControllerId(),
                    division(c.getDivision()), c.getRight() == null ? null : RightType.parse(c.getRight().name())));
        }
        if (event instanceof TriageRequired t) {
            return Optional.of(new CaseFact.TriageRequired(t.getEventId(), t.getOccurredAt()));
        }
        if (event instanceof RequestForwarded f) {
            return Optional.of(new CaseFact.Forwarded(f.getEventId(), f.getOccurredAt(), f.getHop().getToOrganisationId(),
                    f.getMode()));
        }
        if (event instanceof CaseOpened c) {
            return Optional.of(new CaseFact.CaseOpened(c.getEventId(), c.getOccurredAt(), c.getControllerId(),
                    division(c.getDivision()), c.getClockStartsAt(), c.getStatutoryDeadline(), c.getAwaitingDecision()));
        }
        if (event instanceof RequestAccepted a) {
            return Optional.of(new CaseFact.Accepted(a.getEventId(), a.getOccurredAt()));
        }
        if (event instanceof RequestRefused r) {
            return Optional.of(new CaseFact.Refused(r.getEventId(), r.getOccurredAt(), r.getGround(), r.getReason()));
        }
        if (event instanceof ClockPaused p) {
            return Optional.of(new CaseFact.ClockPaused(p.getEventId(), p.getOccurredAt(), p.getPausedAt(), p.getReason()));
        }
        if (event instanceof ClockResumed r) {
            return Optional.of(new CaseFact.ClockResumed(r.getEventId(), r.getOccurredAt(), r.getResumedAt()));
        }
        if (event instanceof DeadlineExtended e) {
            return Optional.of(new CaseFact.DeadlineExtended(e.getEventId(), e.getOccurredAt(), e.getNewDeadline(),
                    e.getReason()));
        }
        if (event instanceof CasePlanned p) {
            return Optional.of(new CaseFact.Planned(p.getEventId(), p.getOccurredAt(),
                    p.getTasks().stream().map(t -> new RequestStatus.Task(t.getTaskId(), t.getSystemId(),
                            t.getAction().name(), RequestStatus.TaskState.PLANNED, null)).toList(),
                    p.getExemptions().stream().map(x -> x.getSystemId()
                            + (x.getDataCategory() == null ? "" : " (" + x.getDataCategory() + ")") + ": "
                            + x.getExplanation() + " [" + x.getLegalBasis() + "]").toList(),
                    p.getSignposts().stream().map(s -> new RequestStatus.Signpost(s.getOrganisationName(),
                            s.getExplanation(), s.getContact())).toList()));
        }
        if (event instanceof TaskAttemptFailed t) {
            return Optional.of(new CaseFact.TaskRetrying(t.getEventId(), t.getOccurredAt(), t.getTaskId(), t.getSystemId(),
                    t.getAttempt()));
        }
        if (event instanceof TaskCompleted t) {
            return Optional.of(new CaseFact.TaskDone(t.getEventId(), t.getOccurredAt(), t.getTaskId(), t.getSystemId(),
                    t.getAction().name(), t.getSubjectFound(), t.getSummary()));
        }
        if (event instanceof TaskFailed t) {
            return Optional.of(new CaseFact.TaskFailed(t.getEventId(), t.getOccurredAt(), t.getTaskId(), t.getSystemId(),
                    t.getAction().name()));
        }
        if (event instanceof TaskCancellationRecorded t) {
            return Optional.of(new CaseFact.TaskCancelled(t.getEventId(), t.getOccurredAt(), t.getTaskId(), t.getSystemId(),
                    t.getAction().name(), t.getStopped(), t.getOutcome()));
        }
        if (event instanceof TaskNeedsPerson t) {
            return Optional.of(new CaseFact.TaskWaiting(t.getEventId(), t.getOccurredAt(), t.getTaskId(), t.getSystemId(),
                    t.getAction().name()));
        }
        if (event instanceof CaseReadyToAnswer r) {
            return Optional.of(new CaseFact.ReadyToAnswer(r.getEventId(), r.getOccurredAt(), r.getSummary()));
        }
        if (event instanceof CaseClosed c) {
            return Optional.of(new CaseFact.Closed(c.getEventId(), c.getOccurredAt(), c.getOutcome(), c.getSummary()));
        }
        if (event instanceof AccessPackageReady p) {
            return Optional.of(new CaseFact.PackageReady(p.getEventId(), p.getOccurredAt(), p.getPackageId(),
                    p.getExpiresAt()));
        }
        return Optional.empty();
    }

    private static Channel channel(String name) {
        try {
            return Channel.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Channel.API;
        }
    }
}
