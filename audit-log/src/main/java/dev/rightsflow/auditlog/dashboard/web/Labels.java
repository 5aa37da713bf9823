package dev.rightsflow.auditlog.dashboard.web;

import java.util.Locale;
import java.util.Map;

import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.TaskState;

/**
 * The words the dashboard shows for the values it holds as codes: rights, statuses, task states and actions,
 * divisions, channels, identity checks, actors. A value this class does not know is shown in words made from
 * the code ({@code SOME_VALUE} as "Some value"), never as the code itself. Dates and times in words come from
 * deadline-engine's {@code PlainWords}, the same as on the citizen's pages.
 */
public final class Labels {

    private static final Map<String, String> RIGHTS = Map.of("ACCESS", "Access",
            "RECTIFICATION", "Rectification", "ERASURE", "Erasure", "RESTRICTION", "Restriction",
            "OBJECTION", "Objection", "PORTABILITY", "Data portability", "CONSENT_WITHDRAWAL", "Consent withdrawal",
            "UNKNOWN", "Not yet known");
    private static final Map<CaseStatus, String> STATUSES = Map.of(CaseStatus.RECEIVED, "Received",
            CaseStatus.AWAITING_IDENTITY, "Waiting for proof of identity", CaseStatus.TRIAGE,
            "In triage: the controller is to be chosen", CaseStatus.FORWARDED, "Forwarded to the controller",
            CaseStatus.AWAITING_DECISION, "Waiting for a decision", CaseStatus.IN_PROGRESS, "In progress",
            CaseStatus.PAUSED, "Paused for clarification", CaseStatus.READY_TO_ANSWER, "Ready to answer",
            CaseStatus.REFUSED, "Refused", CaseStatus.CLOSED, "Closed");
    private static final Map<TaskState, String> TASK_STATES = Map.of(TaskState.PLANNED, "Planned",
            TaskState.DISPATCHED, "Sent to the system", TaskState.RETRYING, "Being tried again",
            TaskState.NEEDS_PERSON, "Needs a person", TaskState.COMPLETED, "Done", TaskState.FAILED, "Failed",
            TaskState.CANCELLED, "Cancelled");
    private static final Map<String, String> TASK_ACTIONS = Map.of("ERASE", "Erase", "EXPORT", "Copy out the data",
            "RECTIFY", "Correct", "RESTRICT", "Restrict processing", "SUPPRESS", "Suppress",
            "WITHDRAW_CONSENT", "Withdraw consent", "NOTIFY_RECIPIENT", "Tell a recipient",
            "FORWARD_TO_CONTROLLER", "Forward to the controller", "UNKNOWN", "Not yet known");
    private static final Map<String, String> DIVISIONS = Map.of("ENGLAND_AND_WALES", "England and Wales",
            "SCOTLAND", "Scotland", "NORTHERN_IRELAND", "Northern Ireland", "UNKNOWN", "Not yet known");
    private static final Map<String, String> CHANNELS = Map.ofEntries(Map.entry("API", "through an organisation's system"),
            Map.entry("WEB_FORM", "the web form"), Map.entry("PROCESSOR_API", "from a processor"),
            Map.entry("OPENDSR", "OpenDSR"), Map.entry("STAFF", "logged by staff"), Map.entry("EMAIL", "email"),
            Map.entry("LETTER", "letter"), Map.entry("PHONE", "phone call"), Map.entry("IN_PERSON", "in person"),
            Map.entry("UNKNOWN", "not known"));
    private static final Map<String, String> VERIFICATIONS = Map.of("NONE", "no check needed",
            "EMAIL_CODE", "a code sent by email", "DOCUMENTARY", "documents checked by staff", "UNKNOWN", "not known");
    private static final Map<String, String> ACTORS = Map.of("CITIZEN", "the person", "PROCESSOR", "processor",
            "STAFF", "staff", "SYSTEM", "Rightsflow", "UNKNOWN", "unknown");

    /** Words a code spells that are names or abbreviations, kept as they are written: "Processor API", not "Processor api". */
    private static final Map<String, String> ACRONYMS = Map.of("api", "API", "opendsr", "OpenDSR", "ico", "ICO",
            "uk", "UK", "crm", "CRM", "gdpr", "GDPR", "nhs", "NHS", "url", "URL");

    private Labels() {
    }

    public static String right(String code) {
        return of(RIGHTS, code);
    }

    public static String status(CaseStatus status) {
        return status == null ? "" : STATUSES.getOrDefault(status, words(status.name()));
    }

    public static String taskState(TaskState state) {
        return state == null ? "" : TASK_STATES.getOrDefault(state, words(state.name()));
    }

    public static String taskAction(String code) {
        return of(TASK_ACTIONS, code);
    }

    public static String division(String code) {
        return of(DIVISIONS, code);
    }

    public static String channel(String code) {
        return of(CHANNELS, code);
    }

    public static String verification(String code) {
        return of(VERIFICATIONS, code);
    }

    public static String actor(String code) {
        return of(ACTORS, code);
    }

    /** Yes or no, or "" for not known. */
    public static String yesNo(Boolean value) {
        return value == null ? "" : value ? "yes" : "no";
    }

    /** A code in words: {@code IN_PERSON} and {@code in-person} as "In person". */
    public static String words(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String spaced = code.replace('_', ' ').replace('-', ' ').toLowerCase(Locale.ROOT);
        StringBuilder words = new StringBuilder();
        for (String word : spaced.split(" ")) {
            words.append(words.isEmpty() ? "" : " ").append(ACRONYMS.getOrDefault(word, word));
        }
        return words.isEmpty() ? "" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String of(Map<String, String> labels, String code) {
        if (code == null) {
            return "";
        }
        String label = labels.get(code.toUpperCase(Locale.ROOT));
        return label != null ? label : words(code);
    }
}
