package dev.rightsflow.auditlog.dashboard.kafka;

import java.util.concurrent.CompletableFuture;
import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.auditlog.dashboard.application.CommandPublisher;
import dev.rightsflow.auditlog.dashboard.model.ActionInput;
import dev.rightsflow.auditlog.dashboard.model.ActionRules;
import dev.rightsflow.auditlog.dashboard.model.ManualFindingsInput;
import dev.rightsflow.auditlog.dashboard.model.StaffCommand;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AcceptRequest;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.AskClarification;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.ConfirmIdentity;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.ExtendDeadline;
import dev.rightsflow.schemas.avro.FoundFile;
import dev.rightsflow.schemas.avro.FoundRecord;
import dev.rightsflow.schemas.avro.ManualFindings;
import dev.rightsflow.schemas.avro.RecordClarificationReceived;
import dev.rightsflow.schemas.avro.RefuseRequest;
import dev.rightsflow.schemas.avro.ResolveTriage;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.kafka.Eventing;

/** Publishes staff commands on CASE_COMMANDS ({@link CommandPublisher}): maps each to its contract record. */
public class KafkaCommandPublisher implements CommandPublisher {

    private final KafkaTemplate<String, Object> kafka;

    public KafkaCommandPublisher(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    @Override
    public CompletableFuture<String> publish(StaffCommand command) {
        SpecificRecord record = record(command);
        return Eventing.publish(kafka, Topics.CASE_COMMANDS, record).thenApply(sent -> Events.type(record));
    }

    /** The contract's record of the command (inputs trimmed; blank optional inputs as absent). */
    static SpecificRecord record(StaffCommand c) {
        String id = c.commandId();
        String requestId = c.requestId();
        ActionInput in = c.input();
        ManualFindingsInput findings = c.findings();
        Actor actor = Events.staff(c.userName(), c.organisationId());
        return switch (c.action()) {
            case ACCEPT -> new AcceptRequest(id, requestId, c.at(), actor);
            case REFUSE -> new RefuseRequest(id, requestId, c.at(), actor, in.ground().trim(), in.reason().trim());
            case ASK_CLARIFICATION -> new AskClarification(id, requestId, c.at(), actor, in.question().trim());
            case RECORD_CLARIFICATION -> new RecordClarificationReceived(id, requestId, c.at(), actor,
                    in.note() == null || in.note().isBlank() ? null : in.note().trim());
            case EXTEND -> new ExtendDeadline(id, requestId, c.at(), actor, in.reason().trim());
            case CONFIRM_MANUAL_TASK -> new ConfirmManualTask(id, requestId, c.at(), actor, in.taskId(),
                    in.subjectFound(), in.evidence().trim(), findings.isEmpty() ? null : avro(findings),
                    findings.files().size(), findings.records().size());
            case RESOLVE_TRIAGE -> new ResolveTriage(id, requestId, c.at(), actor, in.controllerId(),
                    in.serviceId() == null || in.serviceId().isBlank() ? null : in.serviceId(), in.note().trim(),
                    ActionRules.rightOf(in.right()) == null ? null : Right.valueOf(ActionRules.rightOf(in.right())),
                    in.consentPurposes() == null || in.consentPurposes().isEmpty() ? null
                            : in.consentPurposes().stream().map(String::trim).toList());
            case RETRY_TASK -> new RetryTask(id, requestId, c.at(), actor, in.taskId());
            case CONFIRM_IDENTITY -> new ConfirmIdentity(id, requestId, c.at(), actor, in.evidence().trim());
            case CLOSE -> new CloseCase(id, requestId, c.at(), actor, in.outcome().trim(), in.summary().trim());
            case WITHDRAW -> new CloseCase(id, requestId, c.at(), actor, "withdrawn", "Withdrawn by staff of "
                    + (c.organisationId() == null ? "the platform" : c.organisationId()) + ": " + in.reason().trim());
        };
    }

    private static ManualFindings avro(ManualFindingsInput in) {
        return new ManualFindings(in.searchedBy(), in.files().stream().map(f -> new FoundFile(ManualFindingsInput.safeName(f.fileName()),
                ManualFindingsInput.mediaType(f.fileName()), ByteBuffer.wrap(f.content()))).toList(),
                in.records().stream().map(r -> new FoundRecord(r.category().trim(), Map.copyOf(r.fields()))).toList());
    }
}
