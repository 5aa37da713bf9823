package dev.rightsflow.router.cases.application;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseDecisions;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.cases.model.CaseSteps;
import dev.rightsflow.router.cases.model.Outgoing;
import dev.rightsflow.router.forwarding.application.ExternalForwarder;
import dev.rightsflow.router.planning.model.Planner;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.Events;

/**
 * What happens next to a request, asked of the model: each call hands the case model's steps
 * ({@link CaseSteps}: the staff commands' outcomes through {@link CaseDecisions}, and the steps the case
 * takes on its own) the registry as it stands now and the router's clock, and returns what they decided,
 * already folded into the case. Nothing here decides; {@link CaseService} loads, stores and publishes.
 */
public final class CaseWorkflow {

    private final RegistryService registry;
    private final DeadlineCalendar calendar;
    private final Clock clock;
    private final Planner planner;
    private final CaseDecisions decisions;

    public CaseWorkflow(RegistryService registry, DeadlineCalendar calendar, Clock clock) {
        this.registry = registry;
        this.calendar = calendar;
        this.clock = clock;
        this.planner = new Planner(calendar, Events::derivedId);
        this.decisions = new CaseDecisions(Events::derivedId, calendar);
    }

    /** The event types a command's outcome can have; their ids derive from the command's id. */
    private static final List<String> COMMAND_OUTCOMES = List.of("ControllerResolved", "RequestAccepted",
            "RequestRefused", "ClockPaused", "ClockResumed", "DeadlineExtended", "CaseClosed", "CommandRejected");

    /** The ids the outcome of a command can have (derived from the command's event id). */
    public static List<String> possibleOutcomeIds(String commandEventId) {
        return COMMAND_OUTCOMES.stream().map(type -> Events.derivedId(commandEventId, type)).toList();
    }

    /** Idempotency key of the signed forwarding call: the same on every retry, restart and rebuild. */
    public static String forwardingKey(CaseState c) {
        return Events.derivedId(c.requestId, "forward", c.controllerId);
    }

    /** Whether the input is a staff command the case decides (each has exactly one outcome: its effect or {@code CommandRejected}). */
    public boolean isCommand(CaseInput input) {
        return input instanceof CaseCommand;
    }

    /**
     * The model's steps for one turn: the registry as it stands, and now, to the millisecond the event contract
     * keeps ({@code timestamp-millis}), so that the case folded live holds the same instants as one rebuilt from
     * the topics (a forwarding's time, from which its retention period counts, is compared with the event's).
     */
    private CaseSteps steps() {
        return new CaseSteps(calendar, planner, decisions, Events::derivedId, registry.current(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /** {@link CaseSteps#decide}: the router's facts in answer to {@code input}, already folded into {@code c}. */
    public CaseSteps.Decision decide(CaseState c, CaseInput input, Request request) {
        return steps().decide(c, input, request);
    }

    /** {@link CaseSteps#resume}: every step the case is ready for without a new input. */
    public CaseSteps.Decision resume(CaseState c, Request request) {
        return steps().resume(c, request);
    }

    /** {@link CaseSteps#forwardOutcome}: the outcome of a signed forwarding call. */
    public List<Outgoing> forwardOutcome(CaseState c, Request request, ExternalForwarder.Result result) {
        return steps().forwardOutcome(c, request, result.delivered(), result.reference(), result.failure());
    }

    /** {@link CaseSteps#cancelOutcome}: the outcome of the OpenDSR §9 cancellation call. */
    public List<Outgoing> cancelOutcome(CaseState c, ExternalForwarder.Result result) {
        return steps().cancelOutcome(c, result.delivered(), result.failure());
    }

    /** {@link CaseSteps#risks}: the tasks at risk on {@code today}. */
    public List<Outgoing> risks(CaseState c, LocalDate today) {
        return steps().risks(c, today);
    }

    /** {@link CaseSteps#refreshDates}: the case's dates recomputed with the registry and holidays as they stand. */
    public void refreshDates(CaseState c) {
        steps().refreshDates(c);
    }
}
