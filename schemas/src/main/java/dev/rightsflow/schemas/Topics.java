package dev.rightsflow.schemas;

import java.util.List;

/**
 * The Kafka topics of the flow. Every topic but {@link #REGISTRY} is keyed by request id, so one
 * request's events stay in order on one partition; {@link #REGISTRY} is keyed by organisation id
 * and compacted, {@link #LANES} by system and compacted.
 *
 * <p>Which event types each topic carries is part of the contract and listed in the root README.
 */
public final class Topics {

    /** RequestReceived, IdentityVerificationRequested, IdentityVerified. Written by request-intake. */
    public static final String REQUESTS = "rightsflow.requests";
    /** ControllerResolved, TriageRequired, RequestForwarded, CaseOpened, RequestAccepted, RequestRefused,
     * ClockPaused, ClockResumed, DeadlineExtended, CasePlanned, CaseReadyToAnswer, CaseClosed, PersonalDataErased (the
     * request's retention ended: its key is deleted), CommandRejected (a staff
     * command the case's state did not allow), WebhookAttempted (each attempt to deliver an organisation's webhook).
     * Written by router. */
    public static final String CASES = "rightsflow.cases";
    /** TaskDispatched, TaskCancelled (the request was withdrawn). Written by router, read by processor-connectors. */
    public static final String TASKS = "rightsflow.tasks";
    /** TaskAttemptFailed, TaskCompleted, TaskFailed, TaskNeedsPerson, TaskCancellationRecorded, AccessPackageReady, AccessPackageDownloaded. */
    public static final String TASK_RESULTS = "rightsflow.task-results";
    /** Staff commands (AcceptRequest, ExtendDeadline, ConfirmManualTask, ...). Written by audit-log's dashboard. */
    public static final String CASE_COMMANDS = "rightsflow.case-commands";
    /** AuditEntryAppended. Written by audit-log. */
    public static final String AUDIT = "rightsflow.audit";
    /** DeadlineAlertRaised. Written by audit-log (deadline alerts) and router (TASK_AT_RISK). */
    public static final String ALERTS = "rightsflow.alerts";
    /** OrganisationPublished, keyed by organisation id, compacted. Written by router. */
    public static final String REGISTRY = "rightsflow.registry";
    /**
     * LanePaused, LaneResumed: whether a system's vendor counts as down and its tasks wait. Keyed by
     * {@code lane:<systemId>}, compacted (the latest state of each system is what matters). Written by
     * processor-connectors, read by audit-log (dashboard notices) and by processor-connectors at start.
     */
    public static final String LANES = "rightsflow.lanes";
    /** The per-request data keys that seal the requester's personal data in events, keyed by request id,
     * compacted; a tombstone erases a request's key (crypto-shredding, see {@code privacy.KafkaKeyStore}). */
    public static final String KEYS = "rightsflow.keys";

    /** Dead-letter topics, one per service, named explicitly. */
    public static final String DLT_INTAKE = "rightsflow.dlt.request-intake";
    public static final String DLT_ROUTER = "rightsflow.dlt.router";
    public static final String DLT_CONNECTORS = "rightsflow.dlt.processor-connectors";
    public static final String DLT_AUDIT = "rightsflow.dlt.audit-log";

    /** The topics every deployment needs; services create any that are missing at start. */
    public static final List<String> FLOW = List.of(REQUESTS, CASES, TASKS, TASK_RESULTS, CASE_COMMANDS, AUDIT, ALERTS);
    public static final List<String> DEAD_LETTERS = List.of(DLT_INTAKE, DLT_ROUTER, DLT_CONNECTORS, DLT_AUDIT);

    private Topics() {
    }
}
