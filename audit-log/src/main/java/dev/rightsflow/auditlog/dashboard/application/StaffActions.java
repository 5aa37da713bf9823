package dev.rightsflow.auditlog.dashboard.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.model.ActionCheck;
import dev.rightsflow.auditlog.dashboard.model.ActionInput;
import dev.rightsflow.auditlog.dashboard.model.ActionRules;
import dev.rightsflow.auditlog.dashboard.model.ManualFindingsInput;
import dev.rightsflow.auditlog.dashboard.model.StaffAction;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.*;
import dev.rightsflow.schemas.kafka.Eventing;

/**
 * Takes a staff action: checks it against the case projection ({@link ActionRules}) and, when it
 * passes, publishes the command on CASE_COMMANDS with the member of staff as actor. Nothing is
 * published when the check fails.
 */
@Service("auditLogStaffActions")
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
    private final KafkaTemplate<String, Object> kafka;
    private final Clock clock;

    public StaffActions(CaseQueries cases, RegistryView registry,
            @Qualifier("auditLogKafkaTemplate") KafkaTemplate<String, Object> kafka,
            @Qualifier("auditLogClock") Clock clock) {
        this.cases = cases;
        this.registry = registry;
        this.kafka = kafka;
        this.clock = clock;
    }

    /** Empty when the case does not exist or the viewer may not see it. */
    public Mono<Outcome> take(String requestId, StaffAction action, ActionInput input, Viewer viewer) {
        return take(requestId, action, input, ManualFindingsInput.none(), viewer);
    }

    /**
     * As {@link #take(String, StaffAction, ActionInput, Viewer)}, with the files and records a person attaches when
     * confirming a manual task ({@code ConfirmManualTask.findings}, sealed with the request's key on the topic).
     */
    public Mono<Outcome> take(String requestId, StaffAction action, ActionInput input, ManualFindingsInput findings, Viewer viewer) {
        return cases.one(requestId, viewer).flatMap(view -> {
            Set<String> known = registry.all().stream().map(Organisation::id).collect(Collectors.toSet());
            ActionCheck check = ActionRules.check(action, input, view.file(), view.deadline(), viewer, known);
            if (check.passed() && !findings.problems().isEmpty()) {
                check = new ActionCheck(ActionCheck.Kind.INVALID, "The attachments cannot be taken.", findings.problems());
            }
            if (!check.passed()) {
                return Mono.just(new Outcome(check, null, null));
            }
            SpecificRecord command = command(action, input, findings, view, viewer);
            return Mono.fromFuture(() -> Eventing.publish(kafka, Topics.CASE_COMMANDS, command))
                    .doOnSuccess(sent -> log.info("staff action {} on request {} by {}", action, requestId,
                            viewer.userName()))
                    .thenReturn(new Outcome(check, Events.eventId(command), Events.type(command)));
        });
    }

    private SpecificRecord command(StaffAction action, ActionInput in, ManualFindingsInput findings, CaseView view, Viewer viewer) {
        String id = Events.newEventId();
        String requestId = view.file().requestId;
        Instant now = clock.instant();
        Actor actor = Events.staff(viewer.userName(), viewer.organisationId());
        return switch (action) {
            case ACCEPT -> new AcceptRequest(id, requestId, now, actor);
            case REFUSE -> new RefuseRequest(id, requestId, now, actor, in.ground().trim(), in.reason().trim());
            case ASK_CLARIFICATION -> new AskClarification(id, requestId, now, actor, in.question().trim());
            case RECORD_CLARIFICATION -> new RecordClarificationReceived(id, requestId, now, actor,
                    in.note() == null || in.note().isBlank() ? null : in.note().trim());
            case EXTEND -> new ExtendDeadline(id, requestId, now, actor, in.reason().trim());
            case CONFIRM_MANUAL_TASK -> new ConfirmManualTask(id, requestId, now, actor, in.taskId(),
                    in.subjectFound(), in.evidence().trim(), findings.isEmpty() ? null : avro(findings),
                    findings.files().size(), findings.records().size());
            case RESOLVE_TRIAGE -> new ResolveTriage(id, requestId, now, actor, in.controllerId(),
                    in.serviceId() == null || in.serviceId().isBlank() ? null : in.serviceId(), in.note().trim(),
                    ActionRules.rightOf(in.right()) == null ? null : Right.valueOf(ActionRules.rightOf(in.right())),
                    in.consentPurposes() == null || in.consentPurposes().isEmpty() ? null
                            : in.consentPurposes().stream().map(String::trim).toList());
            case RETRY_TASK -> new RetryTask(id, requestId, now, actor, in.taskId());
            case CONFIRM_IDENTITY -> new ConfirmIdentity(id, requestId, now, actor, in.evidence().trim());
            case CLOSE -> new CloseCase(id, requestId, now, actor, in.outcome().trim(), in.summary().trim());
            case WITHDRAW -> new CloseCase(id, requestId, now, actor, "withdrawn", "Withdrawn by staff of "
                    + (viewer.organisationId() == null ? "the platform" : viewer.organisationId()) + ": " + in.reason().trim());
        };
    }

    private static ManualFindings avro(ManualFindingsInput in) {
        return new ManualFindings(in.searchedBy(), in.files().stream().map(f -> new FoundFile(ManualFindingsInput.safeName(f.fileName()),
                ManualFindingsInput.mediaType(f.fileName()), java.nio.ByteBuffer.wrap(f.content()))).toList(),
                in.records().stream().map(r -> new FoundRecord(r.category().trim(), Map.copyOf(r.fields()))).toList());
    }
}
