package dev.rightsflow.auditlog.dashboard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.rightsflow.auditlog.cases.model.CaseFile;

/**
 * The fields each staff action needs, checked before anything else so that staff get every missing or wrong field at
 * once (a withdrawal without its reason is unprocessable, any other action's missing fields invalid). Whether the
 * case takes the action at all is {@link ActionRules}'.
 */
final class ActionFields {

    static final int TEXT_LIMIT = 4000;

    private ActionFields() {
    }

    /** The failed check of the action's fields; null when they are all there. */
    static ActionCheck problems(StaffAction action, ActionInput in, CaseFile file, Set<String> knownOrganisations) {
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
            case RESOLVE_TRIAGE -> triage(fields, in, file, knownOrganisations);
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
        return fields.isEmpty() ? null
                : new ActionCheck(ActionCheck.Kind.INVALID, "Some fields are missing or wrong.", fields);
    }

    private static void triage(List<ActionCheck.FieldProblem> fields, ActionInput in, CaseFile file,
            Set<String> knownOrganisations) {
        required(fields, "controllerId", in.controllerId(), "choose the controller");
        required(fields, "note", in.note(), "say why this organisation is the controller");
        if ("UNKNOWN".equals(file.right) && ActionRules.rightOf(in.right()) == null) {
            fields.add(new ActionCheck.FieldProblem("right", "the request does not say which right it"
                    + " exercises: choose the right (access, rectification, erasure, restriction, objection,"
                    + " portability, consent_withdrawal)"));
        } else if (!blank(in.right()) && ActionRules.rightOf(in.right()) == null) {
            fields.add(new ActionCheck.FieldProblem("right", "no right " + in.right()));
        }
        String chosenRight = "UNKNOWN".equals(file.right) ? ActionRules.rightOf(in.right()) : file.right;
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

    private static void required(List<ActionCheck.FieldProblem> fields, String name, String value, String message) {
        if (blank(value)) {
            fields.add(new ActionCheck.FieldProblem(name, message));
        } else if (value.length() > TEXT_LIMIT) {
            fields.add(new ActionCheck.FieldProblem(name, "at most " + TEXT_LIMIT + " characters"));
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
