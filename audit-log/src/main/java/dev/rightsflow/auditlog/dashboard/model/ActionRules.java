package dev.rightsflow.auditlog.dashboard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;
import dev.rightsflow.auditlog.cases.model.TaskState;
import dev.rightsflow.auditlog.cases.model.Viewer;

/**
 * Checks a staff action against the case as projected, before any command is published: required
 * fields first (all of them reported at once), then who may act, then whether the case's state
 * allows it. The receiving service checks again; this is so staff get a clear answer at once. The case's state is
 * the router's as its case events state it ({@link CaseFile#onRouterClock}), and the rules over it are the router's
 * ({@code CaseDecisions}), so the dashboard offers, and lets through, what the router then does; one difference is
 * kept on purpose: a refused case takes no more staff actions here, though the router would still close it.
 */
public final class ActionRules {

    static final int TEXT_LIMIT = 4000;

    private ActionRules() {
    }

    public static ActionCheck check(StaffAction action, ActionInput in, CaseFile file, DeadlinePosition deadline,
            Viewer viewer, Set<String> knownOrganisations) {
        List<ActionCheck.FieldProblem> fields = new ArrayList<>();
        switch (action) {
            case REFUSE -> {
                required(fields, "ground", in.ground(), "say on which ground the request is refused (Art 12(5))");
                required(fields, "reason", in.reason(), "give the reasons the subject will be told");
            }
            case ASK_CLARIFICATION -> required(fields, "question", in.question(), "say what needs clarifying");
            case EXTEND -> required(fields, "reason", in.reason(),
                    "give the reasons for the extension: the subject must be told them (Art 12(3))");
            case CONFIRM_MANUAL_TASK -> {
                required(fields, "taskId", in.taskId(), "choose the task");
                required(fields, "evidence", in.evidence(), "describe what was done, as evidence");
                if (in.subjectFound() == null) {
                    fields.add(new ActionCheck.FieldProblem("subjectFound", "say whether the subject's data was found"));
                }
            }
            case RESOLVE_TRIAGE -> {
                required(fields, "controllerId", in.controllerId(), "choose the controller");
                required(fields, "note", in.note(), "say why this organisation is the controller");
                if ("UNKNOWN".equals(file.right) && rightOf(in.right()) == null) {
                    fields.add(new ActionCheck.FieldProblem("right", "the request does not say which right it"
                            + " exercises: choose the right (access, rectification, erasure, restriction, objection,"
                            + " portability, consent_withdrawal)"));
                } else if (!blank(in.right()) && rightOf(in.right()) == null) {
                    fields.add(new ActionCheck.FieldProblem("right", "no right " + in.right()));
                }
                String chosenRight = "UNKNOWN".equals(file.right) ? rightOf(in.right()) : file.right;
                if (in.consentPurposes() != null && !in.consentPurposes().isEmpty()
                        && !"CONSENT_WITHDRAWAL".equals(chosenRight)) {
                    fields.add(new ActionCheck.FieldProblem("consentPurposes",
                            "consent purposes are chosen only for a consent withdrawal"));
                }
                if (!blank(in.controllerId()) && !knownOrganisations.isEmpty()
                        && !knownOrganisations.contains(in.controllerId())) {
                    fields.add(new ActionCheck.FieldProblem("controllerId", "no organisation " + in.controllerId()
                            + " in the registry"));
                }
            }
            case RETRY_TASK -> required(fields, "taskId", in.taskId(), "choose the task");
            case CONFIRM_IDENTITY -> required(fields, "evidence", in.evidence(),
                    "describe the identity evidence checked (never a copy of it)");
            case CLOSE -> {
                required(fields, "outcome", in.outcome(), "say how the request was answered");
                required(fields, "summary", in.summary(), "summarise the answer sent");
            }
            case WITHDRAW -> {
                required(fields, "reason", in.reason(),
                        "say why the request is withdrawn (e.g. the subject asked by phone on 3 September)");
                if (!fields.isEmpty()) {
                    return new ActionCheck(ActionCheck.Kind.UNPROCESSABLE, "A withdrawal needs its reason.", fields);
                }
            }
            default -> {
            }
        }
        if (!fields.isEmpty()) {
            return new ActionCheck(ActionCheck.Kind.INVALID, "Some fields are missing or wrong.", fields);
        }
        boolean decider = viewer.canDecide(file);
        boolean involved = viewer.canSee(file);
        boolean allowed = switch (action) {
            case CONFIRM_MANUAL_TASK, RETRY_TASK -> involved;
            case RESOLVE_TRIAGE -> viewer.admin() || (viewer.organisationId() != null
                    && viewer.organisationId().equals(file.receivingOrganisationId));
            // The processor that received the request and forwarded it passes on the subject's
            // withdrawal too, as it passed on the request (Art 28(3)(e)): the subject may well tell it.
            case WITHDRAW -> decider || (viewer.organisationId() != null
                    && viewer.organisationId().equals(file.receivingOrganisationId));
            default -> decider;
        };
        if (!allowed) {
            return new ActionCheck(ActionCheck.Kind.FORBIDDEN, action == StaffAction.WITHDRAW
                    ? "Only the controller's staff, or the organisation that received the request, may withdraw it."
                    : "Only the controller's staff may " + action.label().toLowerCase() + " on this case.", List.of());
        }
        String conflict = stateConflict(action, in, file, deadline);
        return conflict == null ? ActionCheck.ok() : new ActionCheck(ActionCheck.Kind.CONFLICT, conflict, List.of());
    }

    private static String stateConflict(StaffAction action, ActionInput in, CaseFile file, DeadlinePosition deadline) {
        if (!file.status.open() && action != StaffAction.RETRY_TASK) {
            return "The case is " + file.status.name().toLowerCase().replace('_', ' ') + ": nothing more can be done.";
        }
        switch (action) {
            case ACCEPT:
                // the router accepts a case awaiting its decision, also while a clarification is awaited
                return file.awaitingItsDecision() ? null
                        : "Only a case awaiting a decision can be accepted; this one is " + label(file.status) + ".";
            case REFUSE:
                if (file.controllerId == null) {
                    return "The controller is not known yet: resolve the request first.";
                }
                // the router refuses no case that is ready to answer (its lifecycle moves it only to closed)
                return file.status == CaseStatus.READY_TO_ANSWER
                        ? "Every task has an outcome: the case is ready to answer, so it is closed with the answer, not"
                                + " refused." : null;
            case ASK_CLARIFICATION:
                if (file.paused()) {
                    return "Clarification has already been asked for and not yet received.";
                }
                if (file.controllerId == null) {
                    return "The controller is not known yet.";
                }
                // the router stops the clock only of an open case: awaiting a decision or in progress
                return file.status == CaseStatus.AWAITING_DECISION || file.status == CaseStatus.IN_PROGRESS ? null
                        : "Clarification can be asked for only once the case is open and before it is ready to"
                                + " answer; this one is " + label(file.status) + ".";
            case RECORD_CLARIFICATION:
                return file.paused() ? null : "No clarification is awaited on this case.";
            case EXTEND:
                if (file.extended) {
                    return "The deadline has already been extended; the law allows one extension of up to two months.";
                }
                return deadline.extensionAllowed() ? null
                        : "An extension is only possible inside the first month (until " + deadline.monthOneDue()
                                + "), and the subject must be told within it (Art 12(3)).";
            case CONFIRM_MANUAL_TASK: {
                CaseTask task = file.task(in.taskId()).orElse(null);
                if (task == null) {
                    return "No task " + in.taskId() + " on this case.";
                }
                return task.state == TaskState.NEEDS_PERSON ? null
                        : "Task " + in.taskId() + " is not waiting for a person; it is " + task.state.name().toLowerCase() + ".";
            }
            case RETRY_TASK: {
                CaseTask task = file.task(in.taskId()).orElse(null);
                if (task == null) {
                    return "No task " + in.taskId() + " on this case.";
                }
                return task.state == TaskState.FAILED ? null : "Only a failed (dead-lettered) task can be retried.";
            }
            case RESOLVE_TRIAGE:
                return file.status == CaseStatus.TRIAGE ? null : "This request is not in the triage queue.";
            case CONFIRM_IDENTITY:
                if (!"DOCUMENTARY".equals(file.verification)) {
                    return "This request does not wait for documentary identity evidence.";
                }
                return file.identityVerifiedAt == null ? null : "Identity has already been confirmed.";
            case CLOSE:
            case WITHDRAW:
                return null;
            default:
                return null;
        }
    }

    private static String label(CaseStatus status) {
        return status.name().toLowerCase().replace('_', ' ');
    }

    private static void required(List<ActionCheck.FieldProblem> fields, String name, String value, String message) {
        if (blank(value)) {
            fields.add(new ActionCheck.FieldProblem(name, message));
        } else if (value.length() > TEXT_LIMIT) {
            fields.add(new ActionCheck.FieldProblem(name, "at most " + TEXT_LIMIT + " characters"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * A right as staff name it ({@code consent_withdrawal}, {@code CONSENT-WITHDRAWAL}) in the Avro spelling
     * ({@code CONSENT_WITHDRAWAL}); null when blank or not one of the seven.
     */
    public static String rightOf(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String name = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return java.util.Set.of("ACCESS", "RECTIFICATION", "ERASURE", "RESTRICTION", "OBJECTION", "PORTABILITY",
                "CONSENT_WITHDRAWAL").contains(name) ? name : null;
    }
}
