package dev.rightsflow.router.application;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.router.model.Action;
import dev.rightsflow.router.model.CasePlan;
import dev.rightsflow.router.model.CaseState;
import dev.rightsflow.router.model.ControllerResolver;
import dev.rightsflow.router.model.ForwardingMode;
import dev.rightsflow.router.model.Organisation;
import dev.rightsflow.router.model.Planner;
import dev.rightsflow.router.model.Registry;
import dev.rightsflow.router.model.RequestFacts;
import dev.rightsflow.router.model.Resolution;
import dev.rightsflow.router.model.Verification;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AcceptRequest;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.CaseReadyToAnswer;
import dev.rightsflow.schemas.avro.ClockPaused;
import dev.rightsflow.schemas.avro.ClockResumed;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.DeadlineExtended;
import dev.rightsflow.schemas.avro.Exemption;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RecordClarificationReceived;
import dev.rightsflow.schemas.avro.RefuseRequest;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.RequestRefused;
import dev.rightsflow.schemas.avro.ResolveTriage;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Signpost;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TriageRequired;

/**
 * Decides what happens next to a request. Given the case as folded so far and the event that
 * just arrived, it produces the router's events, each folded into the case before the next is
 * decided. The steps, in order, each taken once:
 * <ol>
 *   <li>resolve the controller ({@code ControllerResolved}) or ask staff ({@code TriageRequired});</li>
 *   <li>when the receiver is only a processor, forward ({@code RequestForwarded}): inside the
 *       platform to a tenant controller, otherwise by a signed call or a manual task; an external
 *       controller's case then lives with that controller;</li>
 *   <li>once identity is verified (or none is needed), open the case at the controller with the
 *       statutory deadline counted from the first receipt in the chain ({@code CaseOpened});</li>
 *   <li>accept by the controller's policy ({@code RequestAccepted}) or wait for staff;</li>
 *   <li>plan ({@code CasePlanned}) and dispatch one {@code TaskDispatched} per task;</li>
 *   <li>when every task has completed, {@code CaseReadyToAnswer}. A failed task or one waiting
 *       for a person keeps the case open.</li>
 * </ol>
 * Staff commands (accept, refuse, clarification, extension, close, resolve triage) are applied
 * when they are lawful in the case's state, and ignored (logged by id) when not. Every event id is
 * derived from what caused it, so a redelivery publishes the same ids again, never new facts.
 */
public final class CaseWorkflow {

    private static final Logger log = LoggerFactory.getLogger(CaseWorkflow.class);
    static final String SERVICE = "router";

    /** An event to publish, and the topic it goes to. */
    public record Outgoing(String topic, SpecificRecord event) {
    }

    private final RegistryService registry;
    private final DeadlineCalendar calendar;
    private final ExternalForwarder forwarder;
    private final Clock clock;
    private final Planner planner;

    public CaseWorkflow(RegistryService registry, DeadlineCalendar calendar, ExternalForwarder forwarder, Clock clock) {
        this.registry = registry;
        this.calendar = calendar;
        this.forwarder = forwarder;
        this.clock = clock;
        this.planner = new Planner(calendar, Events::derivedId);
    }

    /**
     * The router's events in answer to {@code input}, already folded into {@code c}.
     *
     * @param request the request's own event, or null when it has not arrived yet
     */
    public List<Outgoing> decide(CaseState c, SpecificRecord input, RequestReceived request) {
        List<Outgoing> out = new ArrayList<>();
        if (request != null && request.getDuplicateOf() != null) {
            log.info("request {} is a duplicate of {}; no second case", c.requestId, request.getDuplicateOf());
            return out;
        }
        if (input instanceof ResolveTriage cmd) {
            resolveTriage(c, cmd, request, out);
        } else if (input instanceof AcceptRequest cmd) {
            if (c.opened && !c.accepted && !c.finished() && c.refusalGround == null) {
                emit(c, out, Topics.CASES, RequestAccepted.newBuilder().setEventId(id(cmd, "RequestAccepted"))
                        .setRequestId(c.requestId).setOccurredAt(now()).setActor(cmd.getActor())
                        .setPolicy("accepted by staff (" + cmd.getActor().getId() + ")").build());
            } else {
                ignored(c, cmd, "the case is not waiting for a decision");
            }
        } else if (input instanceof RefuseRequest cmd) {
            if (c.resolved() && !c.finished() && !c.readyAnnounced) {
                emit(c, out, Topics.CASES, RequestRefused.newBuilder().setEventId(id(cmd, "RequestRefused"))
                        .setRequestId(c.requestId).setOccurredAt(now()).setActor(cmd.getActor())
                        .setGround(cmd.getGround()).setReason(cmd.getReason()).build());
            } else {
                ignored(c, cmd, "the case can no longer be refused");
            }
        } else if (input instanceof AskClarification cmd) {
            if (c.opened && !c.paused() && !c.finished() && !c.readyAnnounced) {
                emit(c, out, Topics.CASES, ClockPaused.newBuilder().setEventId(id(cmd, "ClockPaused"))
                        .setRequestId(c.requestId).setOccurredAt(now()).setActor(cmd.getActor())
                        .setReason("clarification asked (Art 12A): " + cmd.getQuestion())
                        .setPausedAt(cmd.getOccurredAt()).build());
            } else {
                ignored(c, cmd, "the clock is already stopped or the case is not open");
            }
        } else if (input instanceof RecordClarificationReceived cmd) {
            if (c.paused()) {
                emit(c, out, Topics.CASES, ClockResumed.newBuilder().setEventId(id(cmd, "ClockResumed"))
                        .setRequestId(c.requestId).setOccurredAt(now()).setActor(cmd.getActor())
                        .setResumedAt(cmd.getOccurredAt()).build());
            } else {
                ignored(c, cmd, "the clock is not stopped");
            }
        } else if (input instanceof ExtendDeadline cmd) {
            extend(c, cmd, out);
        } else if (input instanceof CloseCase cmd) {
            if (!c.closed) {
                emit(c, out, Topics.CASES, CaseClosed.newBuilder().setEventId(id(cmd, "CaseClosed"))
                        .setRequestId(c.requestId).setOccurredAt(now()).setActor(cmd.getActor())
                        .setOutcome(cmd.getOutcome()).setSummary(cmd.getSummary()).build());
            }
            return out;
        }
        advance(c, request, out);
        return out;
    }

    /** Takes every step the case is ready for, in order, each once. */
    private void advance(CaseState c, RequestReceived request, List<Outgoing> out) {
        if (request == null || c.finished()) {
            return;
        }
        Registry reg = registry.current();
        if (!c.resolved()) {
            if (c.triageReason != null) {
                return;
            }
            Resolution resolution = new ControllerResolver(reg).resolve(c.receivingOrganisationId, c.serviceId,
                    c.relationship);
            if (resolution instanceof Resolution.NeedsTriage triage) {
                emit(c, out, Topics.CASES, TriageRequired.newBuilder().setEventId(id(c, "TriageRequired"))
                        .setRequestId(c.requestId).setOccurredAt(now()).setActor(Events.service(SERVICE))
                        .setReason(triage.reason()).setCandidateControllerIds(triage.candidates()).build());
                return;
            }
            Resolution.Resolved resolved = (Resolution.Resolved) resolution;
            emit(c, out, Topics.CASES, resolvedEvent(c, resolved.controllerId(), resolved.serviceId(),
                    resolved.receiverIsProcessor(), resolved.rule(), Events.service(SERVICE),
                    id(c, "ControllerResolved"), reg));
        }
        Optional<Organisation> found = reg.organisation(c.controllerId);
        if (found.isEmpty()) {
            log.warn("request {}: controller {} left the registry; waiting for staff", c.requestId, c.controllerId);
            return;
        }
        Organisation controller = found.get();
        if (c.receiverIsProcessor && c.forwardingMode == null) {
            forward(c, controller, request, out);
        }
        if (c.forwardingMode != null && c.forwardingMode != ForwardingMode.TENANT) {
            return;
        }
        if (!c.opened) {
            if (c.verification != Verification.NONE && c.identityVerifiedAt == null) {
                return;
            }
            open(c, controller, out);
        }
        if (!c.accepted) {
            if (c.refusalGround != null || !controller.autoAccept() || c.awaitingDecision) {
                return;
            }
            emit(c, out, Topics.CASES, RequestAccepted.newBuilder().setEventId(id(c, "RequestAccepted"))
                    .setRequestId(c.requestId).setOccurredAt(now()).setActor(Events.service(SERVICE))
                    .setPolicy("auto-accept: " + controller.name() + " accepts verified requests by policy").build());
        }
        if (!c.planned) {
            plan(c, controller, request, out);
        }
        if (c.planned && !c.readyAnnounced && c.allTasksCompleted()) {
            long completed = c.tasks.size();
            emit(c, out, Topics.CASES, CaseReadyToAnswer.newBuilder().setEventId(id(c, "CaseReadyToAnswer"))
                    .setRequestId(c.requestId).setOccurredAt(now()).setActor(Events.service(SERVICE))
                    .setSummary(completed + " task(s) completed, " + c.exemptions + " exemption(s), " + c.signposts
                            + " signpost(s): ready to answer")
                    .build());
        }
    }

    private void resolveTriage(CaseState c, ResolveTriage cmd, RequestReceived request, List<Outgoing> out) {
        Registry reg = registry.current();
        if (c.resolved() || c.finished()) {
            ignored(c, cmd, "the request is already resolved");
            return;
        }
        if (reg.organisation(cmd.getControllerId()).isEmpty()) {
            ignored(c, cmd, "the chosen controller is not in the registry");
            return;
        }
        String serviceId = cmd.getServiceId() != null ? cmd.getServiceId() : c.serviceId;
        boolean receiverIsProcessor = c.receivingOrganisationId != null
                && !c.receivingOrganisationId.equals(cmd.getControllerId());
        emit(c, out, Topics.CASES, resolvedEvent(c, cmd.getControllerId(), serviceId, receiverIsProcessor,
                "resolved in triage by " + cmd.getActor().getId() + ": " + cmd.getNote(), cmd.getActor(),
                id(cmd, "ControllerResolved"), reg));
    }

    private ControllerResolved resolvedEvent(CaseState c, String controllerId, String serviceId,
            boolean receiverIsProcessor, String rule, Actor actor, String eventId, Registry reg) {
        Organisation controller = reg.organisation(controllerId).orElseThrow();
        return ControllerResolved.newBuilder().setEventId(eventId).setRequestId(c.requestId).setOccurredAt(now())
                .setActor(actor).setControllerId(controllerId).setServiceId(serviceId)
                .setReceivingOrganisationId(c.receivingOrganisationId).setReceiverIsProcessor(receiverIsProcessor)
                .setRule(rule).setDivision(AvroMapping.division(controller.division())).build();
    }

    /**
     * Forwards to the controller (Art 28(3)(e)). A tenant's case opens here; an external
     * controller gets a signed call, and when it has no API or the call keeps failing, a person
     * forwards it (a manual FORWARD_TO_CONTROLLER task). The hop keeps the first receipt, from
     * which the deadline counts (EDPB Guidelines 07/2020 para 129).
     */
    private void forward(CaseState c, Organisation controller, RequestReceived request, List<Outgoing> out) {
        ForwardingHop hop = ForwardingHop.newBuilder().setFromOrganisationId(c.receivingOrganisationId)
                .setToOrganisationId(controller.id()).setReference(c.requestId).setReceivedAt(c.receivedAt).build();
        if (controller.tenant()) {
            emit(c, out, Topics.CASES, forwarded(c, hop, ForwardingMode.TENANT, null));
            return;
        }
        ForwardingMode mode = controller.forwarding().mode();
        String failure = null;
        if (mode == ForwardingMode.SIGNED_HTTP || mode == ForwardingMode.OPENDSR) {
            ExternalForwarder.Result result = forwarder.forward(controller, request, c.receivingOrganisationId,
                    Events.derivedId(c.requestId, "forward", controller.id()));
            if (result.delivered()) {
                emit(c, out, Topics.CASES, forwarded(c, hop, mode, result.reference()));
                return;
            }
            failure = result.failure();
            log.warn("request {}: forwarding to {} failed ({}); a person forwards it", c.requestId, controller.id(),
                    failure);
        }
        emit(c, out, Topics.CASES, forwarded(c, hop, ForwardingMode.MANUAL, null));
        LocalDate due = calendar.statutoryDue(ClockFacts.received(
                dev.rightsflow.deadline.UkDivision.valueOf(controller.division().name()),
                DeadlineCalendar.day(c.receivedAt)));
        String systemId = "controller:" + controller.id();
        Map<String, String> config = new HashMap<>();
        config.put("controllerName", controller.name());
        if (controller.forwarding().contact() != null) {
            config.put("contact", controller.forwarding().contact());
        }
        config.put("instructions", "Forward this request to the controller promptly; its deadline counts from "
                + DeadlineCalendar.day(c.receivedAt) + (failure == null ? "" : ". The signed call failed: " + failure));
        String taskId = Events.derivedId(c.requestId, systemId, Action.FORWARD_TO_CONTROLLER.name());
        emit(c, out, Topics.TASKS, TaskDispatched.newBuilder().setEventId(Events.derivedId(taskId, "TaskDispatched"))
                .setRequestId(c.requestId).setOccurredAt(now()).setActor(Events.service(SERVICE)).setTaskId(taskId)
                .setControllerId(controller.id()).setSystemId(systemId).setConnector("manual")
                .setConnectorConfig(config).setAction(AvroMapping.action(Action.FORWARD_TO_CONTROLLER))
                .setRight(request.getRight()).setSubject(request.getSubject()).setDetails(request.getDetails())
                .setDataCategories(List.of()).setDeadline(due).setLastSafeDispatch(due).build());
    }

    private RequestForwarded forwarded(CaseState c, ForwardingHop hop, ForwardingMode mode, String reference) {
        return RequestForwarded.newBuilder().setEventId(id(c, "RequestForwarded")).setRequestId(c.requestId)
                .setOccurredAt(now()).setActor(Events.service(SERVICE)).setHop(hop).setMode(mode.name())
                .setControllerReference(reference).build();
    }

    private void open(CaseState c, Organisation controller, List<Outgoing> out) {
        ClockFacts facts = calendar.facts(c);
        LocalDate due = calendar.statutoryDue(facts);
        Instant clockStartsAt = c.identityVerifiedAt != null && c.identityVerifiedAt.isAfter(c.receivedAt)
                ? c.identityVerifiedAt : c.receivedAt;
        emit(c, out, Topics.CASES, CaseOpened.newBuilder().setEventId(id(c, "CaseOpened")).setRequestId(c.requestId)
                .setOccurredAt(now()).setActor(Events.service(SERVICE)).setControllerId(controller.id())
                .setDivision(AvroMapping.division(controller.division())).setReceivedAt(c.receivedAt)
                .setClockStartsAt(clockStartsAt).setStatutoryDeadline(due).setAwaitingDecision(!controller.autoAccept())
                .build());
        c.targetDeadline = calendar.organisationTarget(controller.division(), facts.clockStart(),
                controller.targets().respondWorkingDays());
    }

    private void plan(CaseState c, Organisation controller, RequestReceived request, List<Outgoing> out) {
        RightDetails details = request.getDetails();
        RequestFacts facts = new RequestFacts(c.requestId, c.right, details.getObjectionDirectMarketing(),
                details.getConsentPurposes());
        if (c.targetDeadline == null) {
            c.targetDeadline = calendar.organisationTarget(controller.division(), calendar.facts(c).clockStart(),
                    controller.targets().respondWorkingDays());
        }
        LocalDate deadline = c.workingDeadline();
        CasePlan plan = planner.plan(controller, facts, deadline, LocalDate.now(clock.withZone(DeadlineCalendar.UK)));
        List<PlannedTask> tasks = plan.tasks().stream().map(t -> PlannedTask.newBuilder().setTaskId(t.taskId())
                .setSystemId(t.systemId()).setAction(AvroMapping.action(t.action())).setConnector(t.connector())
                .setLastSafeDispatch(t.lastSafeDispatch()).build()).toList();
        List<Exemption> exemptions = plan.exemptions().stream().map(e -> Exemption.newBuilder()
                .setSystemId(e.systemId()).setDataCategory(e.dataCategory()).setLegalBasis(e.legalBasis())
                .setExplanation(e.explanation()).build()).toList();
        List<Signpost> signposts = plan.signposts().stream().map(s -> Signpost.newBuilder()
                .setOrganisationName(s.organisationName()).setExplanation(s.explanation()).setContact(s.contact())
                .build()).toList();
        emit(c, out, Topics.CASES, CasePlanned.newBuilder().setEventId(id(c, "CasePlanned")).setRequestId(c.requestId)
                .setOccurredAt(now()).setActor(Events.service(SERVICE)).setTasks(tasks).setExemptions(exemptions)
                .setSignposts(signposts).build());
        if (plan.anyAtRisk()) {
            log.warn("request {}: {} task(s) planned after their last safe dispatch date", c.requestId,
                    plan.tasks().stream().filter(CasePlan.Task::atRisk).count());
        }
        for (CasePlan.Task t : plan.tasks()) {
            RightDetails taskDetails = t.action() == Action.WITHDRAW_CONSENT
                    ? RightDetails.newBuilder(details).setConsentPurposes(t.consentPurposes()).build() : details;
            Map<String, String> config = new HashMap<>(t.connectorConfig());
            config.putIfAbsent("systemName", t.systemName());
            emit(c, out, Topics.TASKS, TaskDispatched.newBuilder()
                    .setEventId(Events.derivedId(t.taskId(), "TaskDispatched")).setRequestId(c.requestId)
                    .setOccurredAt(now()).setActor(Events.service(SERVICE)).setTaskId(t.taskId())
                    .setControllerId(controller.id()).setSystemId(t.systemId()).setConnector(t.connector())
                    .setConnectorConfig(config).setAction(AvroMapping.action(t.action())).setRight(request.getRight())
                    .setSubject(request.getSubject()).setDetails(taskDetails).setDataCategories(t.dataCategories())
                    .setDeadline(deadline).setLastSafeDispatch(t.lastSafeDispatch()).build());
        }
    }

    /** Extension by up to two further months, only while inside the first month (Art 12(3)). */
    private void extend(CaseState c, ExtendDeadline cmd, List<Outgoing> out) {
        if (!c.opened || c.extended || c.finished()) {
            ignored(c, cmd, "the case is not open or already extended");
            return;
        }
        ClockFacts facts = calendar.facts(c);
        LocalDate today = DeadlineCalendar.day(cmd.getOccurredAt());
        if (!calendar.extensionAllowed(facts, today)) {
            ignored(c, cmd, "an extension is only possible inside the first month (Art 12(3))");
            return;
        }
        LocalDate newDeadline = calendar.statutoryDue(facts.withExtended(true));
        emit(c, out, Topics.CASES, DeadlineExtended.newBuilder().setEventId(id(cmd, "DeadlineExtended"))
                .setRequestId(c.requestId).setOccurredAt(now()).setActor(cmd.getActor()).setReason(cmd.getReason())
                .setNewDeadline(newDeadline).build());
    }

    private void emit(CaseState c, List<Outgoing> out, String topic, SpecificRecord event) {
        CaseProjection.apply(c, event);
        out.add(new Outgoing(topic, event));
    }

    private void ignored(CaseState c, SpecificRecord command, String why) {
        log.info("request {}: {} {} ignored: {}", c.requestId, Events.type(command), Events.eventId(command), why);
    }

    private static String id(CaseState c, String type) {
        return Events.derivedId(c.requestId, type);
    }

    private static String id(SpecificRecord cause, String type) {
        return Events.derivedId(Events.eventId(cause), type);
    }

    private Instant now() {
        return clock.instant();
    }
}
