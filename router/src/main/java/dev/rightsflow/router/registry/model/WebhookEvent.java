package dev.rightsflow.router.registry.model;

/**
 * What an organisation's outbound webhook can be told about its cases, each with the {@code type} its payload
 * carries (Standard Webhooks payload convention: {@code type}, {@code timestamp}, {@code data}).
 */
public enum WebhookEvent {
    /** the case is opened at the controller, its statutory clock running ({@code CaseOpened}) */
    REQUEST_RECEIVED("request.received"),
    /** the controller accepted it, by policy, by staff or by its pre-approval webhook ({@code RequestAccepted}) */
    REQUEST_ACCEPTED("request.accepted"),
    /** refused as manifestly unfounded or excessive, or by the pre-approval webhook ({@code RequestRefused}) */
    REQUEST_REFUSED("request.refused"),
    /** every task done: the organisation can answer the subject ({@code CaseReadyToAnswer}) */
    READY_TO_ANSWER("case.ready_to_answer"),
    /** closed ({@code CaseClosed}) */
    CASE_CLOSED("case.closed"),
    /** the statutory deadline passed unanswered ({@code DeadlineAlertRaised} OVERDUE) */
    CASE_OVERDUE("case.overdue");

    /** The type of the pre-approval webhook's payload (not an event an endpoint subscribes to). */
    public static final String PRE_APPROVAL_TYPE = "request.pre_approval";

    private final String type;

    WebhookEvent(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
