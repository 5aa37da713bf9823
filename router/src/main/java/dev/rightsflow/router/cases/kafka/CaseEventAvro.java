package dev.rightsflow.router.cases.kafka;

import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.router.registry.kafka.AvroMapping;
import dev.rightsflow.router.cases.application.EventTranslator;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.cases.model.CaseClock;
import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseEvent;
import dev.rightsflow.schemas.CaseClocks;
import dev.rightsflow.schemas.Topics;
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
 * The case model's commands and facts in the event contract, field for field in both directions:
 * a fact decided by the model ({@link CaseEvent}) becomes the Avro event of the same name (the same
 * bytes the router always published), and the staff commands and the router's own facts read from
 * the topics become the model's records again. {@code TaskCancelled} goes to the tasks topic (same
 * key as the task's dispatch, so it is read after it), {@code DeadlineAlertRaised} to the alerts topic,
 * every other fact to the cases topic. A fact on the cases topic carries the case's status and deadline
 * as they stand after it ({@link #clock}), where its event type has the {@code clock} field.
 */
public final class CaseEventAvro implements EventTranslator {

    /** The topic a fact is published on. */
    public static String topicOf(CaseEvent event) {
        return event instanceof CaseEvent.TaskCancelled ? Topics.TASKS
                : event instanceof CaseEvent.DeadlineAlertRaised ? Topics.ALERTS : Topics.CASES;
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
        }
        CaseEvent.ExternalCancellationRecorded e = (CaseEvent.ExternalCancellationRecorded) event;
        return ExternalCancellationRecorded.newBuilder().setEventId(e.eventId()).setRequestId(e.requestId())
                .setOccurredAt(e.occurredAt()).setActor(actor).setControllerId(e.controllerId())
                .setConfirmed(e.confirmed()).setOutcome(e.outcome()).build();
    }

    @Override
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

    @Override
    public String topic(CaseEvent fact) {
        return CaseEventAvro.topicOf(fact);
    }

    @Override
    public SpecificRecord record(CaseEvent fact, CaseClock clock) {
        return CaseClocks.with(toAvro(fact), clock(clock));
    }

    @Override
    public SpecificRecord withClock(SpecificRecord event, CaseClock clock) {
        return CaseClocks.with(event, clock(clock));
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
                .build();
    }

    @Override
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
