package dev.rightsflow.auditlog.dashboard.application;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.model.ActionCheck;
import dev.rightsflow.auditlog.dashboard.model.ActionInput;
import dev.rightsflow.auditlog.dashboard.model.ActionRules;
import dev.rightsflow.auditlog.dashboard.model.ManualFindingsInput;
import dev.rightsflow.auditlog.dashboard.model.StaffAction;
import dev.rightsflow.auditlog.dashboard.model.StaffCommand;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.schemas.Events;

/**
 * Takes a staff action: loads the case, checks the action against it ({@link ActionRules}, the decision) and, when
 * it passes, publishes the command through the {@link CommandPublisher} port (CASE_COMMANDS, the member of staff as
 * actor). Nothing is published when the check fails.
 */
public class StaffActions {

    private static final Logger log = LoggerFactory.getLogger(StaffActions.class);

    /** The outcome: published (with the command's id) or the check that failed; empty case = not found. */
    public record Outcome(ActionCheck check, String commandId, String commandType) {
        public boolean published() {
            return commandId != null;
        }
    }

    private final CaseQueries cases;
    private final RegistryView registry;
    private final CommandPublisher commands;
    private final Clock clock;

    public StaffActions(CaseQueries cases, RegistryView registry,
            CommandPublisher auditLogCommandPublisher,
            Clock clock) {
        this.cases = cases;
        this.registry = registry;
        this.commands = auditLogCommandPublisher;
        this.clock = clock;
    }

    /** Empty when the case does not exist or the viewer may not see it. */
    public CompletableFuture<Optional<Outcome>> take(String requestId, StaffAction action, ActionInput input, Viewer viewer) {
        return take(requestId, action, input, ManualFindingsInput.none(), viewer);
    }

    /**
     * As {@link #take(String, StaffAction, ActionInput, Viewer)}, with the files and records a person attaches when
     * confirming a manual task ({@code ConfirmManualTask.findings}, sealed with the request's key on the topic).
     */
    public CompletableFuture<Optional<Outcome>> take(String requestId, StaffAction action, ActionInput input,
            ManualFindingsInput findings, Viewer viewer) {
        return cases.one(requestId, viewer).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            CaseView view = found.get();
            Set<String> known = registry.all().stream().map(Organisation::id).collect(Collectors.toSet());
            ActionCheck check = ActionRules.check(action, input, view.file(), view.deadline(), viewer, known,
                    cases.today());
            if (check.passed() && !findings.problems().isEmpty()) {
                check = new ActionCheck(ActionCheck.Kind.INVALID, "The attachments cannot be taken.", findings.problems());
            }
            if (!check.passed()) {
                return CompletableFuture.completedFuture(Optional.of(new Outcome(check, null, null)));
            }
            StaffCommand command = new StaffCommand(Events.newEventId(), view.file().requestId, clock.instant(),
                    viewer.userName(), viewer.organisationId(), action, input, findings);
            ActionCheck passed = check;
            return commands.publish(command).thenApply(type -> {
                log.info("staff action {} on request {} by {}", action, requestId, viewer.userName());
                return Optional.of(new Outcome(passed, command.commandId(), type));
            });
        });
    }
}
