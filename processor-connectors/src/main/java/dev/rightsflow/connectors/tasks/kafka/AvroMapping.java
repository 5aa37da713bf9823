package dev.rightsflow.connectors.tasks.kafka;

import java.util.Map;
import java.util.stream.Collectors;

import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.tasks.application.ExportVault;
import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ManualFindings;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Subject;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskDispatched;

/** Translation between the contract's Avro records and the model. */
public final class AvroMapping {

    private AvroMapping() {
    }

    public static TaskRecord task(TaskDispatched e) {
        if (e.getAction() == TaskAction.UNKNOWN) {
            throw new IllegalArgumentException("task " + e.getTaskId() + " has an action this service does not know");
        }
        return TaskRecord.dispatched(e.getTaskId(), e.getRequestId(), e.getControllerId(), e.getSystemId(), e.getConnector(),
                Action.valueOf(e.getAction().name()), e.getRight().name(), strings(e.getConnectorConfig()), subject(e.getSubject()),
                details(e.getDetails()), e.getDataCategories().stream().map(CharSequence::toString).toList(), e.getDeadline(),
                e.getLastSafeDispatch(), e.getOccurredAt());
    }

    public static TaskSubject subject(Subject s) {
        return new TaskSubject(str(s.getName()), str(s.getEmail()), str(s.getPhone()), str(s.getPostalAddress()), strings(s.getIdentifiers()));
    }

    public static TaskDetails details(RightDetails d) {
        if (d == null) {
            return TaskDetails.none();
        }
        return new TaskDetails(str(d.getRectificationWhatIsWrong()), str(d.getRectificationCorrection()), str(d.getRestrictionGround()),
                d.getObjectionDirectMarketing(), d.getConsentPurposes().stream().map(CharSequence::toString).toList());
    }

    /** What a person attached to a manual task's confirmation; none when the command carried nothing or its key is gone. */
    public static ExportVault.ManualFindings findings(ManualFindings f) {
        if (f == null) {
            return ExportVault.ManualFindings.none();
        }
        return new ExportVault.ManualFindings(f.getSearchedBy().stream().map(CharSequence::toString).toList(),
                f.getFiles().stream().map(file -> {
                    java.nio.ByteBuffer content = file.getContent().duplicate();
                    byte[] bytes = new byte[content.remaining()];
                    content.get(bytes);
                    return new ExportVault.ExportFile.Attachment(file.getFileName().toString(), file.getMediaType().toString(), bytes);
                }).toList(),
                f.getRecords().stream().map(r -> new ExportVault.ExportFile.Entry(r.getCategory().toString(), ExportedRecord.Provenance.PROVIDED,
                        new java.util.LinkedHashMap<String, Object>(strings(r.getFields())))).toList());
    }

    public static ActorRef actor(Actor a) {
        return new ActorRef(a.getType().name(), str(a.getId()), str(a.getOrganisationId()));
    }

    public static Actor actor(ActorRef a) {
        ActorType type;
        try {
            type = ActorType.valueOf(a.type());
        } catch (IllegalArgumentException e) {
            type = ActorType.UNKNOWN;
        }
        return new Actor(type, a.id(), a.organisationId());
    }

    public static TaskAction action(Action action) {
        return TaskAction.valueOf(action.name());
    }

    private static Map<String, String> strings(Map<? extends CharSequence, ? extends CharSequence> map) {
        return map == null ? Map.of() : map.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString()));
    }

    private static String str(CharSequence s) {
        return s == null ? null : s.toString();
    }
}
