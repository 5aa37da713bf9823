package dev.rightsflow.auditlog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.*;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Events of the seed scenarios, as the other services publish them (the people are invented):
 * the registry's organisations from the five seed privacy notices, and a request's steps.
 */
final class SeedFlow {

    private SeedFlow() {
    }

    static Actor router() {
        return Events.service("router");
    }

    static OrganisationPublished organisation(String id, String name, Division division, List<ResponseTarget> targets,
            String webhook, List<ServiceRef> services) {
        return organisation(id, name, division, targets, webhook, null, services);
    }

    static OrganisationPublished organisation(String id, String name, Division division, List<ResponseTarget> targets,
            String webhook, String email, List<ServiceRef> services) {
        return OrganisationPublished.newBuilder().setEventId(Events.derivedId("org", id, "1")).setRequestId(id)
                .setOccurredAt(Instant.parse("2026-01-01T00:00:00Z")).setActor(router()).setOrganisationId(id)
                .setVersion(1).setName(name).setDivision(division).setServices(services)
                .setRights(List.of()).setProcessorAuth(ProcessorAuth.NONE).setTargets(targets).setAutoAccept(false)
                .setAlertEmail(email).setAlertWebhook(webhook).setDocument("{}").build();
    }

    /** The seed organisations; Empower promises 20 working days (003), 25% M.E. Group is in Scotland (002). */
    static List<OrganisationPublished> registry(String webhookBase) {
        return List.of(
                organisation("mes", "Membership Engagement Services Ltd (MES)", Division.ENGLAND_AND_WALES, List.of(),
                        webhookBase + "/alerts/mes", List.of(new ServiceRef("mes-membership-northshire",
                                "Northshire membership site", "northshire-nhs-ft", List.of("mes")))),
                organisation("northshire-nhs-ft", "Northshire Hospitals NHS Foundation Trust", Division.ENGLAND_AND_WALES,
                        List.of(), webhookBase + "/alerts/northshire", List.of()),
                organisation("ecs", "Engaging Communities Staffordshire (ECS)", Division.ENGLAND_AND_WALES, List.of(),
                        null, List.of()),
                OrganisationPublished.newBuilder(organisation("me-group-25", "25% M.E. Group", Division.SCOTLAND,
                        List.of(), null, List.of())).setConsentPurposes(List.of(
                                consentPurpose("contact-list-email", "Publishing your email address on the members' contact list"),
                                consentPurpose("contact-list-date-of-birth",
                                        "Publishing your date of birth on the members' contact list"),
                                consentPurpose("health-statistics",
                                        "Using your health information for statistics and reports on severe ME")))
                        .build(),
                organisation("empower", "Empower CIC", Division.ENGLAND_AND_WALES,
                        List.of(new ResponseTarget("ORGANISATION", 5, 20, null, null)), webhookBase + "/alerts/empower",
                        "dpo@empower.example", List.of()),
                organisation("rip", "Research in Practice", Division.ENGLAND_AND_WALES, List.of(), null, List.of()));
    }

    static dev.rightsflow.schemas.avro.ConsentPurpose consentPurpose(String id, String name) {
        return dev.rightsflow.schemas.avro.ConsentPurpose.newBuilder().setPurposeId(id).setName(name)
                .setDescription(null).build();
    }

    static RequestReceived received(String requestId, Right right, String organisationId, Instant at,
            VerificationMethod verification, ForwardingHop forwardedBy) {
        return RequestReceived.newBuilder(SampleEvents.requestReceived(requestId, right, organisationId, null))
                .setReceivedAt(at).setOccurredAt(at).setVerification(verification).setForwardedBy(forwardedBy)
                .setProvisionalDeadline(null).build();
    }

    static ControllerResolved resolved(String requestId, String controllerId, String receiving, Division division,
            Instant at) {
        return new ControllerResolved(Events.derivedId("resolved", requestId), requestId, at, router(), controllerId,
                null, receiving, !receiving.equals(controllerId), "the service's controller in the registry", division, null, null);
    }

    static CaseOpened opened(String requestId, String controllerId, Division division, Instant received, Instant clockStart,
            LocalDate deadline, boolean awaitingDecision) {
        return new CaseOpened(Events.derivedId("opened", requestId), requestId, clockStart, router(), controllerId,
                division, received, clockStart, deadline, awaitingDecision, null);
    }

    static RequestAccepted accepted(String requestId, Instant at) {
        return new RequestAccepted(Events.derivedId("accepted", requestId), requestId, at, router(), "staff", null);
    }

    static CasePlanned planned(String requestId, Instant at, List<PlannedTask> tasks) {
        return new CasePlanned(Events.derivedId("planned", requestId), requestId, at, router(), tasks, List.of(),
                List.of(), null);
    }

    static PlannedTask task(String requestId, String systemId, TaskAction action, String connector, LocalDate lastSafe) {
        return new PlannedTask(Events.derivedId(requestId, systemId, action.name()), systemId, action, connector, lastSafe, null);
    }

    static TaskDispatched dispatched(String requestId, PlannedTask task, String controllerId, Instant at, LocalDate deadline) {
        return TaskDispatched.newBuilder().setEventId(Events.derivedId("dispatched", task.getTaskId()))
                .setRequestId(requestId).setOccurredAt(at).setActor(router()).setTaskId(task.getTaskId())
                .setControllerId(controllerId).setSystemId(task.getSystemId()).setConnector(task.getConnector())
                .setConnectorConfig(Map.of("apiKey", "secret-for-test")).setAction(task.getAction())
                .setRight(Right.ERASURE).setSubject(SampleEvents.subject()).setDetails(SampleEvents.noDetails())
                .setDataCategories(List.of("contact")).setDeadline(deadline)
                .setLastSafeDispatch(task.getLastSafeDispatch()).build();
    }

    /**
     * The router's TASK_AT_RISK alert for a task past its last safe dispatch date, as its {@code CaseDecisions.tasksAtRisk}
     * raises it (the same derived id as audit-log's alerts), on {@code at}.
     */
    static DeadlineAlertRaised taskAtRisk(String requestId, PlannedTask task, String controllerId, Instant at) {
        return new DeadlineAlertRaised(Events.derivedId("deadline-alert", requestId, "TASK_AT_RISK",
                String.valueOf(task.getLastSafeDispatch()), task.getTaskId()), requestId, at, router(), "TASK_AT_RISK",
                controllerId, task.getLastSafeDispatch(), task.getTaskId());
    }

    static TaskCompleted completed(String requestId, PlannedTask task, Instant at) {
        return new TaskCompleted(Events.derivedId("completed", task.getTaskId()), requestId, at,
                Events.service("processor-connectors"), task.getTaskId(), task.getSystemId(), task.getAction(), true,
                "erased", 3, null, null);
    }

    static TaskNeedsPerson needsPerson(String requestId, PlannedTask task, Instant at) {
        return new TaskNeedsPerson(Events.derivedId("needs-person", task.getTaskId()), requestId, at,
                Events.service("processor-connectors"), task.getTaskId(), task.getSystemId(), task.getAction(),
                "Remove the paper membership form from the filing cabinet");
    }

    static String type(SpecificRecord e) {
        return Events.type(e);
    }
}
