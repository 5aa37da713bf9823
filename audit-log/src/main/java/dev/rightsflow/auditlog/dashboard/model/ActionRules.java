package dev.rightsflow.auditlog.dashboard.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;
import dev.rightsflow.auditlog.cases.model.RouterDeadline;
import dev.rightsflow.auditlog.cases.model.TaskState;
import dev.rightsflow.auditlog.cases.model.Viewer;

/**
 * Checks a staff action against the case as projected, before any command is published: its fields first (all of
 * them reported at once, {@link ActionFields}), then who may act, then whether the case takes it. Who decides that:
 * <ul>
 *   <li>the router's commands ({@link StaffAction#routerCommand}: accept, refuse, clarification, extension, close,
 *       withdraw, triage): the router, which states with each of its case events the commands its case takes
 *       ({@link RouterDeadline#allowedActions}, worked out by the rules it decides each command by); the dashboard
 *       offers and lets through exactly those (an extension until the last day to extend the router stated). Where
 *       the router states none (before it opens the case; history written before it stated them) the dashboard's
 *       own reading of the router's rules stands in ({@link FallbackCaseRules}). One restriction is the dashboard's
 *       own, on purpose: a refused case takes no more actions here, though the router would still close it;</li>
 *   <li>audit-log's own: a manual task's confirmation and a retry (the task's state as the connectors reported it)
 *       and identity confirmation (documentary evidence awaited): here.</li>
 * </ul>
 * The receiving service checks again and stays the final judge: a command it rejects is shown on the case with its
 * reason ({@code CommandRejected}).
 */
public final class ActionRules {

    private ActionRules() {
    }

    /** @param today the UK day the action is asked on (an extension is possible only inside the first month) */
    public static ActionCheck check(StaffAction action, ActionInput in, CaseFile file, DeadlinePosition deadline,
            Viewer viewer, Set<String> knownOrganisations, LocalDate today) {
        ActionCheck fields = ActionFields.problems(action, in, file, knownOrganisations);
        if (fields != null) {
            return fields;
        }
        if (!mayAct(action, file, viewer)) {
            return new ActionCheck(ActionCheck.Kind.FORBIDDEN, action == StaffAction.WITHDRAW
                    ? "Only the controller's staff, or the organisation that received the request, may withdraw it."
                    : "Only the controller's staff may " + action.label().toLowerCase() + " on this case.", List.of());
        }
        String conflict = action.routerCommand() != null ? routerConflict(action, file, deadline, today)
                : ownConflict(action, in, file);
        return conflict == null ? ActionCheck.ok() : new ActionCheck(ActionCheck.Kind.CONFLICT, conflict, List.of());
    }

    /**
     * Who may act: decisions belong to the controller's staff; the organisations involved confirm manual tasks and
     * retry failed ones; the receiving organisation resolves a triage, and may pass on a withdrawal as it passed on
     * the request.
     */
    private static boolean mayAct(StaffAction action, CaseFile file, Viewer viewer) {
        boolean receiver = viewer.organisationId() != null && viewer.organisationId().equals(file.receivingOrganisationId);
        return switch (action) {
            case CONFIRM_MANUAL_TASK, RETRY_TASK -> viewer.canSee(file);
            case RESOLVE_TRIAGE -> viewer.admin() || receiver;
            // The processor that received the request and forwarded it passes on the subject's
            // withdrawal too, as it passed on the request (Art 28(3)(e)): the subject may well tell it.
            case WITHDRAW -> viewer.canDecide(file) || receiver;
            default -> viewer.canDecide(file);
        };
    }

    /** Whether the case takes the router's command: as the router stated it, else by the fallback. */
    private static String routerConflict(StaffAction action, CaseFile file, DeadlinePosition deadline, LocalDate today) {
        if (!file.status.open()) {
            return finished(file);
        }
        RouterDeadline router = file.routerClock;
        if (router == null || !router.statesActions()) {
            // older history, or a case the router has not opened: the dashboard's rules as they were
            return FallbackCaseRules.conflict(action, file, deadline);
        }
        if (router.allows(action.routerCommand(), today)) {
            return null;
        }
        if (action == StaffAction.EXTEND && router.allowedActions().contains(RouterDeadline.EXTEND)) {
            return tooLateToExtend(router.monthOneDue());
        }
        return action.label() + " is not possible on this case as it stands (" + FallbackCaseRules.label(file.status)
                + "): the router would reject it.";
    }

    /** Audit-log's own actions: a manual task waiting for a person, a failed task, documentary identity awaited. */
    private static String ownConflict(StaffAction action, ActionInput in, CaseFile file) {
        if (action == StaffAction.CONFIRM_IDENTITY) {
            if (!file.status.open()) {
                return finished(file);
            }
            if (!"DOCUMENTARY".equals(file.verification)) {
                return "This request does not wait for documentary identity evidence.";
            }
            return file.identityVerifiedAt == null ? null : "Identity has already been confirmed.";
        }
        if (action == StaffAction.CONFIRM_MANUAL_TASK && !file.status.open()) {
            return finished(file);
        }
        CaseTask task = file.task(in.taskId()).orElse(null);
        if (task == null) {
            return "No task " + in.taskId() + " on this case.";
        }
        if (action == StaffAction.RETRY_TASK) {
            return task.state == TaskState.FAILED ? null : "Only a failed (dead-lettered) task can be retried.";
        }
        return task.state == TaskState.NEEDS_PERSON ? null
                : "Task " + in.taskId() + " is not waiting for a person; it is " + task.state.name().toLowerCase() + ".";
    }

    /** A refused or closed case takes no more actions here but a retry (the router would still close a refused one). */
    private static String finished(CaseFile file) {
        return "The case is " + FallbackCaseRules.label(file.status) + ": nothing more can be done.";
    }

    /** Why an extension is refused once the first month is over (Art 12(3)). */
    static String tooLateToExtend(LocalDate monthOneDue) {
        return "An extension is only possible inside the first month (until " + monthOneDue
                + "), and the subject must be told within it (Art 12(3)).";
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
