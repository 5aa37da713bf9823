package dev.rightsflow.router.cases.kafka;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.router.cases.application.CaseCodec;
import dev.rightsflow.router.cases.model.CaseAction;
import dev.rightsflow.router.cases.model.CaseClock;
import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseEvent;
import dev.rightsflow.router.cases.model.Outgoing;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.events.kafka.KafkaEventPublisher.Addressed;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.kafka.AvroMapping;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.Exemption;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.PersonalDataErased;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Signpost;
import dev.rightsflow.schemas.avro.Subject;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCancellationRecorded;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;
import dev.rightsflow.schemas.avro.AcceptRequest;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CaseReadyToAnswer;
import dev.rightsflow.schemas.avro.CaseTarget;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.CommandRejected;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.DeadlineAlertRaised;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.ExternalCancellationRecorded;
import dev.rightsflow.schemas.avro.RecordClarificationReceived;
import dev.rightsflow.schemas.avro.RefuseRequest;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestRefused;
import dev.rightsflow.schemas.avro.ResolveTriage;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskCancelled;
import dev.rightsflow.schemas.avro.TriageRequired;

/**
 * The case's inputs and facts in the event contract, field for field in both directions, the one place the case
 * feature knows Avro: every event the router reads becomes the model's {@link CaseInput} ({@link #input}: the
 * request's events, the connectors' results, the staff commands, the router's own facts read back), and a fact
 * decided by the model ({@link CaseEvent}) becomes the Avro event of the same name, the same bytes the router always
 * published ({@link #address}, for the {@code EventPublisher}). {@code TaskDispatched} and {@code TaskCancelled} go
 * to the tasks topic (same key as the task's dispatch, so a cancellation is read after it),
 * {@code DeadlineAlertRaised} to the alerts topic, every other fact to the cases topic. A fact on the cases topic
 * carries the case's status and deadline as they stand after it ({@link #clock}), where its event type has the
 * {@code clock} field. It also keeps what the case stores in the contract's encoding ({@link CaseCodec}).
 */
public final class CaseEventAvro implements CaseCodec {

    private final EventSerde serde;

    public CaseEventAvro(EventSerde serde) {
        this.serde = serde;
    }

    public CaseEventAvro() {
        this(new AvroSingleObjectSerde());
    }

    /** The topic a fact is published on. */
    public static String topicOf(CaseEvent event) {
        return switch (event.channel()) {
            case TASK -> Topics.TASKS;
            case ALERT -> Topics.ALERTS;
            case CASE -> Topics.CASES;
        };
    }

    /** A fact to publish as its event in the contract, with its topic and key (its request) and the case's clock. */
    public static Addressed address(Outgoing out) {
        CaseEvent fact = out.event();
        return new Addressed(topicOf(fact), fact.requestId(), CaseClocks.with(toAvro(fact), clock(out.clock())));
    }

    /**
     * The case's input an event of the contract stands for, one for one: a command, a fact the router decided, the
     * request's own events and the connectors' results; any other event as {@link CaseInput.Other}.
     */
    public CaseInput input(SpecificRecord event) {
        Optional<CaseCommand> command = command(event);
        if (command.isPresent()) {
            return command.get();
        }
        Optional<CaseEvent> fact = event(event);
        if (fact.isPresent()) {
            return fact.get();
        }
        if (event instanceof RequestReceived e) {
            return new CaseInput.RequestReceived(e.getEventId(), e.getRequestId(), e.getOccurredAt(), request(e),
                    serde.encode(e));
        } else if (event instanceof IdentityVerified e) {
            return new CaseInput.IdentityVerified(e.getEventId(), e.getRequestId(), e.getOccurredAt(), e.getVerifiedAt());
        } else if (event instanceof TaskCompleted e) {
            return new CaseInput.TaskCompleted(e.getEventId(), e.getRequestId(), e.getOccurredAt(), e.getTaskId(),
                    e.getSystemId(), AvroMapping.action(e.getAction()), e.getSubjectFound());
        } else if (event instanceof TaskFailed e) {
            return new CaseInput.TaskFailed(e.getEventId(), e.getRequestId(), e.getOccurredAt(), e.getTaskId(),
                    e.getSystemId(), AvroMapping.action(e.getAction()), e.getAttempts());
        } else if (event instanceof TaskNeedsPerson e) {
            return new CaseInput.TaskNeedsPerson(e.getEventId(), e.getRequestId(), e.getOccurredAt(), e.getTaskId(),
                    e.getSystemId(), AvroMapping.action(e.getAction()));
        } else if (event instanceof TaskCancellationRecorded e) {
            return new CaseInput.TaskCancellationRecorded(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    e.getTaskId(), e.getSystemId(), AvroMapping.action(e.getAction()), e.getOutcome());
        } else if (event instanceof TaskAttemptFailed e) {
            return new CaseInput.TaskAttemptFailed(e.getEventId(), e.getRequestId(), e.getOccurredAt(), e.getTaskId(),
                    e.getAttempt());
        }
        return new CaseInput.Other(field(event, "eventId"), field(event, "requestId"),
                event.getSchema().getField("occurredAt") == null ? null : Events.occurredAt(event), Events.type(event));
    }

    private static String field(SpecificRecord event, String name) {
        return event.getSchema().getField(name) == null ? null : (String) event.get(event.getSchema().getField(name).pos());
    }

    /** The request as the router reads it. */
    public static Request request(RequestReceived e) {
        ForwardingHop by = e.getForwardedBy();
        return new Request(e.getRequestId(), AvroMapping.right(e.getRight()), e.getOrganisationId(), e.getServiceId(),
                e.getRelationship(), e.getReceivedAt(), by == null ? null : hop(by),
                AvroMapping.verification(e.getVerification()), e.getDuplicateOf(), subject(e.getSubject()),
                details(e.getDetails()));
    }

    private static Request.Hop hop(ForwardingHop h) {
        return new Request.Hop(h.getFromOrganisationId(), h.getToOrganisationId(), h.getReference(), h.getReceivedAt());
    }

    private static ForwardingHop hop(Request.Hop h) {
        return ForwardingHop.newBuilder().setFromOrganisationId(h.fromOrganisationId())
                .setToOrganisationId(h.toOrganisationId()).setReference(h.reference()).setReceivedAt(h.receivedAt())
                .build();
    }

    private static Request.Subject subject(Subject s) {
        return new Request.Subject(s.getName(), s.getEmail(), s.getPhone(), s.getPostalAddress(),
                new java.util.LinkedHashMap<>(s.getIdentifiers()));
    }

    private static Subject subject(Request.Subject s) {
        return Subject.newBuilder().setName(s.name()).setEmail(s.email()).setPhone(s.phone())
                .setPostalAddress(s.postalAddress()).setIdentifiers(new HashMap<>(s.identifiers())).build();
    }

    private static Request.Details details(RightDetails d) {
        return new Request.Details(d.getDescription(), d.getRectificationWhatIsWrong(), d.getRectificationCorrection(),
                d.getRestrictionGround(), d.getObjectionProcessing(), d.getObjectionDirectMarketing(),
                d.getPortabilityTargetController(), List.copyOf(d.getConsentPurposes()));
    }

    private static RightDetails details(Request.Details d) {
        return RightDetails.newBuilder().setDescription(d.description())
                .setRectificationWhatIsWrong(d.rectificationWhatIsWrong())
                .setRectificationCorrection(d.rectificationCorrection()).setRestrictionGround(d.restrictionGround())
                .setObjectionProcessing(d.objectionProcessing()).setObjectionDirectMarketing(d.objectionDirectMarketing())
                .setPortabilityTargetController(d.portabilityTargetController())
                .setConsentPurposes(List.copyOf(d.consentPurposes())).build();
    }

    @Override
    public Request request(byte[] stored) {
        return request((RequestReceived) serde.decode(stored));
    }

    @Override
    public byte[] blanked(byte[] stored) {
        return serde.encode(PersonalDataCipher.blanked((RequestReceived) serde.decode(stored)));
    }

    @Override
    public String encode(CaseCommand command) {
        return Base64.getEncoder().encodeToString(serde.encode(toAvro(command)));
    }

    @Override
    public CaseCommand command(String encoded) {
        SpecificRecord event = serde.decode(Base64.getDecoder().decode(encoded));
        return command(event).orElseThrow(() -> new IllegalArgumentException("not a command: " + Events.type(event)));
    }

    /** A command as its event in the contract (the case-commands topic). */
    public static SpecificRecord toAvro(CaseCommand command) {
        dev.rightsflow.schemas.avro.Actor actor = actor(command.actor());
        if (command instanceof CaseCommand.AcceptRequest c) {
            return AcceptRequest.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                    .setOccurredAt(c.occurredAt()).setActor(actor).build();
        } else if (command instanceof CaseCommand.RefuseRequest c) {
            return RefuseRequest.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                    .setOccurredAt(c.occurredAt()).setActor(actor).setGround(c.ground()).setReason(c.reason()).build();
        } else if (command instanceof CaseCommand.AskClarification c) {
            return AskClarification.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                    .setOccurredAt(c.occurredAt()).setActor(actor).setQuestion(c.question()).build();
        } else if (command instanceof CaseCommand.RecordClarificationReceived c) {
            return RecordClarificationReceived.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                    .setOccurredAt(c.occurredAt()).setActor(actor).build();
        } else if (command instanceof CaseCommand.ExtendDeadline c) {
            return ExtendDeadline.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                    .setOccurredAt(c.occurredAt()).setActor(actor).setReason(c.reason()).build();
        } else if (command instanceof CaseCommand.CloseCase c) {
            return CloseCase.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                    .setOccurredAt(c.occurredAt()).setActor(actor).setOutcome(c.outcome()).setSummary(c.summary())
                    .build();
        }
        CaseCommand.ResolveTriage c = (CaseCommand.ResolveTriage) command;
        return ResolveTriage.newBuilder().setEventId(c.eventId()).setRequestId(c.requestId())
                .setOccurredAt(c.occurredAt()).setActor(actor).setControllerId(c.controllerId())
                .setServiceId(c.serviceId()).setNote(c.note())
                .setRight(c.rightUnknown() ? Right.UNKNOWN : c.right() == null ? null : AvroMapping.right(c.right()))
                .setConsentPurposes(c.consentPurposes()).build();
    }

    /** The fact as its Avro event. */
    public static SpecificRecord toAvro(CaseEvent event) {
        dev.rightsflow.schemas.avro.Actor actor = actor(event.actor());
        if (event instanceof CaseEvent.RequestAccepted e) {
            return RequestAccepted.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setPolicy(e.policy()).build();
        } else if (event instanceof CaseEvent.RequestRefused e) {
            return RequestRefused.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setGround(e.ground()).setReason(e.reason()).build();
        } else if (event instanceof CaseEvent.ClockPaused e) {
            return ClockPaused.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setReason(e.reason()).setPausedAt(e.pausedAt())
                    .build();
        } else if (event instanceof CaseEvent.ClockResumed e) {
            return ClockResumed.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setResumedAt(e.resumedAt()).build();
        } else if (event instanceof CaseEvent.DeadlineExtended e) {
            return DeadlineExtended.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setReason(e.reason())
                    .setNewDeadline(e.newDeadline()).build();
        } else if (event instanceof CaseEvent.CaseClosed e) {
            return CaseClosed.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setOutcome(e.outcome()).setSummary(e.summary())
                    .build();
        } else if (event instanceof CaseEvent.TaskCancelled e) {
            return TaskCancelled.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setTaskId(e.taskId()).setSystemId(e.systemId())
                    .setAction(AvroMapping.action(e.action())).setReason(e.reason()).build();
        } else if (event instanceof CaseEvent.CommandRejected e) {
            return CommandRejected.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setCommand(e.command())
                    .setCommandEventId(e.commandEventId()).setReason(e.reason()).build();
        } else if (event instanceof CaseEvent.TriageRequired e) {
            return TriageRequired.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setReason(e.reason())
                    .setCandidateControllerIds(e.candidateControllerIds()).build();
        } else if (event instanceof CaseEvent.CaseOpened e) {
            return CaseOpened.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setControllerId(e.controllerId())
                    .setDivision(AvroMapping.division(e.division())).setReceivedAt(e.receivedAt())
                    .setClockStartsAt(e.clockStartsAt()).setStatutoryDeadline(e.statutoryDeadline())
                    .setAwaitingDecision(e.awaitingDecision()).build();
        } else if (event instanceof CaseEvent.ControllerResolved e) {
            return ControllerResolved.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setRight(e.right() == null ? null : AvroMapping.right(e.right()))
                    .setActor(actor).setControllerId(e.controllerId()).setServiceId(e.serviceId())
                    .setReceivingOrganisationId(e.receivingOrganisationId())
                    .setReceiverIsProcessor(e.receiverIsProcessor()).setRule(e.rule())
                    .setDivision(AvroMapping.division(e.division())).setConsentPurposes(e.consentPurposes()).build();
        } else if (event instanceof CaseEvent.CaseReadyToAnswer e) {
            return CaseReadyToAnswer.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setSummary(e.summary()).build();
        } else if (event instanceof CaseEvent.DeadlineAlertRaised e) {
            return DeadlineAlertRaised.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setKind(e.kind()).setControllerId(e.controllerId())
                    .setDueDate(e.dueDate()).setTaskId(e.taskId()).build();
        } else if (event instanceof CaseEvent.RequestForwarded e) {
            return RequestForwarded.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setHop(hop(e.hop())).setMode(e.mode())
                    .setControllerReference(e.controllerReference()).build();
        } else if (event instanceof CaseEvent.CasePlanned e) {
            return CasePlanned.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor)
                    .setTasks(e.tasks().stream().map(t -> PlannedTask.newBuilder().setTaskId(t.taskId())
                            .setSystemId(t.systemId()).setAction(AvroMapping.action(t.action()))
                            .setConnector(t.connector()).setLastSafeDispatch(t.lastSafeDispatch())
                            .setSystemName(t.systemName()).build()).toList())
                    .setExemptions(e.exemptions().stream().map(x -> Exemption.newBuilder().setSystemId(x.systemId())
                            .setDataCategory(x.dataCategory()).setLegalBasis(x.legalBasis())
                            .setExplanation(x.explanation()).build()).toList())
                    .setSignposts(e.signposts().stream().map(p -> Signpost.newBuilder()
                            .setOrganisationName(p.organisationName()).setExplanation(p.explanation())
                            .setContact(p.contact()).build()).toList())
                    .build();
        } else if (event instanceof CaseEvent.TaskDispatched e) {
            return TaskDispatched.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setTaskId(e.taskId())
                    .setControllerId(e.controllerId()).setSystemId(e.systemId()).setConnector(e.connector())
                    .setConnectorConfig(new HashMap<>(e.connectorConfig())).setAction(AvroMapping.action(e.action()))
                    .setRight(e.right() == null ? Right.UNKNOWN : AvroMapping.right(e.right()))
                    .setSubject(subject(e.subject())).setDetails(details(e.details()))
                    .setDataCategories(e.dataCategories()).setDeadline(e.deadline())
                    .setLastSafeDispatch(e.lastSafeDispatch()).build();
        } else if (event instanceof CaseEvent.PersonalDataErased e) {
            return PersonalDataErased.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(actor).setOrganisationId(e.organisationId())
                    .setRetentionDays(e.retentionDays()).setClosedAt(e.closedAt()).setReason(e.reason()).build();
        }
        CaseEvent.ExternalCancellationRecorded e = (CaseEvent.ExternalCancellationRecorded) event;
        return ExternalCancellationRecorded.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                .setOccurredAt(e.occurredAt()).setActor(actor).setControllerId(e.controllerId())
                .setConfirmed(e.confirmed()).setOutcome(e.outcome()).build();
    }

    /** The command the case model decides, or empty for any other event. */
    public Optional<CaseCommand> command(SpecificRecord event) {
        if (event instanceof AcceptRequest c) {
            return Optional.of(new CaseCommand.AcceptRequest(c.getEventId(), c.getRequestId(), c.getOccurredAt(),
                    actor(c.getActor())));
        } else if (event instanceof RefuseRequest c) {
            return Optional.of(new CaseCommand.RefuseRequest(c.getEventId(), c.getRequestId(), c.getOccurredAt(),
                    actor(c.getActor()), c.getGround(), c.getReason()));
        } else if (event instanceof AskClarification c) {
            return Optional.of(new CaseCommand.AskClarification(c.getEventId(), c.getRequestId(), c.getOccurredAt(),
                    actor(c.getActor()), c.getQuestion()));
        } else if (event instanceof RecordClarificationReceived c) {
            return Optional.of(new CaseCommand.RecordClarificationReceived(c.getEventId(), c.getRequestId(),
                    c.getOccurredAt(), actor(c.getActor())));
        } else if (event instanceof ExtendDeadline c) {
            return Optional.of(new CaseCommand.ExtendDeadline(c.getEventId(), c.getRequestId(), c.getOccurredAt(),
                    actor(c.getActor()), c.getReason()));
        } else if (event instanceof ResolveTriage c) {
            return Optional.of(new CaseCommand.ResolveTriage(c.getEventId(), c.getRequestId(), c.getOccurredAt(),
                    actor(c.getActor()), c.getControllerId(), c.getServiceId(), c.getNote(),
                    AvroMapping.right(c.getRight()), c.getRight() == Right.UNKNOWN, c.getConsentPurposes()));
        } else if (event instanceof CloseCase c) {
            return Optional.of(new CaseCommand.CloseCase(c.getEventId(), c.getRequestId(), c.getOccurredAt(),
                    actor(c.getActor()), c.getOutcome(), c.getSummary()));
        }
        return Optional.empty();
    }

    /** The case's status and deadline as the contract's {@code CaseClock}; null for null. */
    public static dev.rightsflow.schemas.avro.CaseClock clock(CaseClock clock) {
        if (clock == null) {
            return null;
        }
        return dev.rightsflow.schemas.avro.CaseClock.newBuilder().setStatus(clock.status().name())
                .setClockStart(clock.clockStart()).setStatutoryDue(clock.statutoryDue())
                .setMonthOneDue(clock.monthOneDue()).setPaused(clock.paused()).setExtended(clock.extended())
                .setSteps(clock.steps()).setProvisionalReason(clock.provisionalReason())
                .setTargets(clock.targets().stream().map(t -> CaseTarget.newBuilder().setRegime(t.regime())
                        .setKind(t.kind()).setDue(t.due()).build()).toList())
                .setAllowedActions(clock.allowedActions().stream().map(CaseAction::type).toList())
                .build();
    }

    /** The case model's fact this event records, or empty for an event the model does not decide. */
    public Optional<CaseEvent> event(SpecificRecord event) {
        if (event instanceof RequestAccepted e) {
            return Optional.of(new CaseEvent.RequestAccepted(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getPolicy()));
        } else if (event instanceof RequestRefused e) {
            return Optional.of(new CaseEvent.RequestRefused(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getGround(), e.getReason()));
        } else if (event instanceof ClockPaused e) {
            return Optional.of(new CaseEvent.ClockPaused(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getReason(), e.getPausedAt()));
        } else if (event instanceof ClockResumed e) {
            return Optional.of(new CaseEvent.ClockResumed(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getResumedAt()));
        } else if (event instanceof DeadlineExtended e) {
            return Optional.of(new CaseEvent.DeadlineExtended(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getReason(), e.getNewDeadline()));
        } else if (event instanceof CaseClosed e) {
            return Optional.of(new CaseEvent.CaseClosed(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getOutcome(), e.getSummary()));
        } else if (event instanceof TaskCancelled e) {
            return Optional.of(new CaseEvent.TaskCancelled(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getTaskId(), e.getSystemId(), AvroMapping.action(e.getAction()),
                    e.getReason()));
        } else if (event instanceof TriageRequired e) {
            return Optional.of(new CaseEvent.TriageRequired(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getReason(), e.getCandidateControllerIds()));
        } else if (event instanceof CaseOpened e) {
            return Optional.of(new CaseEvent.CaseOpened(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getControllerId(), AvroMapping.division(e.getDivision()), e.getReceivedAt(),
                    e.getClockStartsAt(), e.getStatutoryDeadline(), e.getAwaitingDecision()));
        } else if (event instanceof ControllerResolved e) {
            return Optional.of(new CaseEvent.ControllerResolved(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getControllerId(), e.getServiceId(), e.getReceivingOrganisationId(),
                    e.getReceiverIsProcessor(), e.getRule(), AvroMapping.division(e.getDivision()),
                    AvroMapping.right(e.getRight()), e.getConsentPurposes()));
        } else if (event instanceof CaseReadyToAnswer e) {
            return Optional.of(new CaseEvent.CaseReadyToAnswer(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getSummary()));
        } else if (event instanceof DeadlineAlertRaised e) {
            return Optional.of(new CaseEvent.DeadlineAlertRaised(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getKind(), e.getControllerId(), e.getDueDate(), e.getTaskId()));
        } else if (event instanceof CommandRejected e) {
            return Optional.of(new CaseEvent.CommandRejected(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getCommand(), e.getCommandEventId(), e.getReason()));
        } else if (event instanceof RequestForwarded e) {
            return Optional.of(new CaseEvent.RequestForwarded(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), hop(e.getHop()), e.getMode(), e.getControllerReference(),
                    e.getClock() == null ? null : e.getClock().getStatutoryDue()));
        } else if (event instanceof CasePlanned e) {
            return Optional.of(new CaseEvent.CasePlanned(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getTasks().stream().map(t -> new CaseEvent.CasePlanned.PlannedTask(
                            t.getTaskId(), t.getSystemId(), AvroMapping.action(t.getAction()), t.getConnector(),
                            t.getLastSafeDispatch(), t.getSystemName())).toList(),
                    e.getExemptions().stream().map(x -> new CaseEvent.CasePlanned.Exemption(x.getSystemId(),
                            x.getDataCategory(), x.getLegalBasis(), x.getExplanation())).toList(),
                    e.getSignposts().stream().map(p -> new CaseEvent.CasePlanned.Signpost(p.getOrganisationName(),
                            p.getExplanation(), p.getContact())).toList()));
        } else if (event instanceof TaskDispatched e) {
            return Optional.of(new CaseEvent.TaskDispatched(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getTaskId(), e.getControllerId(), e.getSystemId(), e.getConnector(),
                    e.getConnectorConfig(), AvroMapping.action(e.getAction()), AvroMapping.right(e.getRight()),
                    subject(e.getSubject()), details(e.getDetails()), e.getDataCategories(), e.getDeadline(),
                    e.getLastSafeDispatch()));
        } else if (event instanceof PersonalDataErased e) {
            return Optional.of(new CaseEvent.PersonalDataErased(e.getEventId(), e.getRequestId(), e.getOccurredAt(),
                    actor(e.getActor()), e.getOrganisationId(), e.getRetentionDays(), e.getClosedAt(), e.getReason()));
        } else if (event instanceof ExternalCancellationRecorded e) {
            return Optional.of(new CaseEvent.ExternalCancellationRecorded(e.getEventId(), e.getRequestId(),
                    e.getOccurredAt(), actor(e.getActor()), e.getControllerId(), e.getConfirmed(), e.getOutcome()));
        }
        return Optional.empty();
    }

    static Actor actor(dev.rightsflow.schemas.avro.Actor a) {
        return AvroMapping.actor(a);
    }

    static dev.rightsflow.schemas.avro.Actor actor(Actor a) {
        return AvroMapping.actor(a);
    }
}
