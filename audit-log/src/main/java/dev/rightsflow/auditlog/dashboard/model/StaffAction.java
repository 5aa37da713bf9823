package dev.rightsflow.auditlog.dashboard.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The actions staff take on a case from the dashboard. Each is published as one command on
 * CASE_COMMANDS; the router, processor-connectors or intake act on it and the case changes when their
 * resulting event comes back through Kafka.
 */
public enum StaffAction {
    /** accept the request (router → RequestAccepted, then the plan) */
    ACCEPT("accept", "Accept the request", "AcceptRequest"),
    /** refuse as manifestly unfounded or excessive, with ground and reasons (Art 12(5)), inside the time limit */
    REFUSE("refuse", "Refuse with reasons", "RefuseRequest"),
    /** ask the subject to clarify: stops the clock (Art 12A) */
    ASK_CLARIFICATION("ask-clarification", "Ask for clarification", "AskClarification"),
    /** the clarification arrived: the clock runs again */
    RECORD_CLARIFICATION("record-clarification", "Record clarification received", "RecordClarificationReceived"),
    /** extend by up to two months, with reasons, only inside the first month (Art 12(3)) */
    EXTEND("extend", "Extend the deadline", "ExtendDeadline"),
    /** a person did a manual task on a system without an API, with evidence */
    CONFIRM_MANUAL_TASK("confirm-manual-task", "Confirm a manual task", null),
    /** name the controller of a request nobody could resolve */
    RESOLVE_TRIAGE("resolve-triage", "Resolve triage", "ResolveTriage"),
    /** run a dead-lettered task again */
    RETRY_TASK("retry-task", "Retry a failed task", null),
    /** documentary identity evidence checked (Art 12(6)) */
    CONFIRM_IDENTITY("confirm-identity", "Confirm identity", null),
    /** the answer was sent: close the case */
    CLOSE("close", "Close the case", "CloseCase"),
    /**
     * the request is withdrawn (the subject asked by letter, phone or email, or staff cancel it), with a
     * reason: its open tasks are cancelled and the case closes as withdrawn
     */
    WITHDRAW("withdraw", "Withdraw the request", "CloseCase");

    private final String path;
    private final String label;
    private final String routerCommand;

    StaffAction(String path, String label, String routerCommand) {
        this.path = path;
        this.label = label;
        this.routerCommand = routerCommand;
    }

    /**
     * The router's command this action is published as, by its contract name, when the router's case model decides
     * whether the case takes it (its clock lists these, {@code CaseClock.allowedActions}); null for the actions the
     * router does not decide: a manual task's confirmation and a retry (processor-connectors') and identity
     * confirmation (intake's).
     */
    public String routerCommand() {
        return routerCommand;
    }

    public String path() {
        return path;
    }

    public String label() {
        return label;
    }

    public static Optional<StaffAction> ofPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
    }
}
